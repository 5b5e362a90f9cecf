using System.Reflection;

// The test assembly must be called NFUnitTest (see the .nfproj). The version is stated because the test adapter
// reads the AssemblyVersion of every assembly it deploys to a board
// (nanoframework/nanoFramework.TestFramework, source/TestAdapter/Executor.cs).
[assembly: AssemblyTitle("Bioreactor.Control device tests")]
[assembly: AssemblyProduct("Bioreactor")]
[assembly: AssemblyVersion("1.0.0.0")]
[assembly: AssemblyFileVersion("1.0.0.0")]
