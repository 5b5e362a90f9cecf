using System.Reflection;

// The device test assembly of the loops: temperature (with its autotune), CO2 and rocking, the sensor validator, NaN at every entry point; the launcher loads only an assembly named NFUnitTest (see the .nfproj).
// The version is stated because the nanoFramework test adapter reads the AssemblyVersion of every assembly it deploys
// (nanoframework/nanoFramework.TestFramework, source/TestAdapter/Executor.cs). No AssemblyNativeVersion: this is managed
// code only (see docs/device-projects.md).
[assembly: AssemblyTitle("Bioreactor.Control.Tests")]
[assembly: AssemblyProduct("Bioreactor")]
[assembly: AssemblyVersion("1.0.0.0")]
[assembly: AssemblyFileVersion("1.0.0.0")]
