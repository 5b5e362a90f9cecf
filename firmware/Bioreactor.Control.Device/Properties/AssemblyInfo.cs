using System.Reflection;

// Identity of the nanoFramework build of the portable core (the host build generates none: see
// firmware/Bioreactor.Control.Host). The version is stated because the test adapter reads the AssemblyVersion of
// every assembly it deploys to a board (nanoframework/nanoFramework.TestFramework, source/TestAdapter/Executor.cs).
// No AssemblyNativeVersion: that attribute names the native (C++) part an assembly needs on the device and is
// checked at deploy time (nanoframework/CoreLibrary, nanoFramework.CoreLibrary/System/Reflection/AssemblyAttributes.cs).
// The core is managed code only, like the IoT.Device bindings, which carry none
// (nanoframework/nanoFramework.IoT.Device, devices/Max31865/Properties/AssemblyInfo.cs), unlike System.Math,
// which has a native part (nanoframework/System.Math, nanoFramework.System.Math/Properties/AssemblyInfo.cs).
[assembly: AssemblyTitle("Bioreactor.Control")]
[assembly: AssemblyProduct("Bioreactor")]
[assembly: AssemblyVersion("1.0.0.0")]
[assembly: AssemblyFileVersion("1.0.0.0")]
