using System.Reflection;

// Identity of the ESP32 application. No AssemblyNativeVersion: the application is managed code only (see the note in
// firmware/Bioreactor.Esp32.Application/Properties/AssemblyInfo.cs).
[assembly: AssemblyTitle("Bioreactor.Esp32.App")]
[assembly: AssemblyProduct("Bioreactor")]
[assembly: AssemblyVersion("1.0.0.0")]
[assembly: AssemblyFileVersion("1.0.0.0")]
