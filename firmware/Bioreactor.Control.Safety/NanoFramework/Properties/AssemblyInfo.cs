using System.Reflection;

// Identity of the nanoFramework build of Bioreactor.Control.Safety (the host build generates none).
// The version is stated because the nanoFramework test adapter reads the AssemblyVersion of every assembly it deploys
// (nanoframework/nanoFramework.TestFramework, source/TestAdapter/Executor.cs). No AssemblyNativeVersion: this is managed
// code only (see docs/device-projects.md).
[assembly: AssemblyTitle("Bioreactor.Control.Safety")]
[assembly: AssemblyProduct("Bioreactor")]
[assembly: AssemblyVersion("1.0.0.0")]
[assembly: AssemblyFileVersion("1.0.0.0")]
