using System;

namespace Bioreactor.Esp32.App
{
    /// <summary>
    /// The firmware's log: one line per event on the debug output (Visual Studio's Output window, or the nanoFramework
    /// wire protocol on the board's USB serial port), prefixed with the monotonic milliseconds since boot. Not for the
    /// control thread's periodic path (it allocates the line).
    /// </summary>
    internal static class DeviceLog
    {
        // Console.WriteLine(string), not Debug.WriteLine: in nanoframework/CoreLibrary
        // (nanoFramework.CoreLibrary/System/Diagnostics/Debug.cs) Debug.Write/WriteLine carry [Conditional("DEBUG")], so a
        // Release image would log nothing; System/Console.cs writes through the same native output unconditionally.
        // Environment.TickCount64: nanoframework/nanoFramework.Runtime.Native, nanoFramework.Runtime.Native/System/Environment.cs.
        public static void Info(string message)
        {
            Console.WriteLine(Environment.TickCount64.ToString() + " " + message);
        }

        public static void Error(string message, Exception e)
        {
            Console.WriteLine(Environment.TickCount64.ToString() + " ERROR " + message + (e == null ? string.Empty : ": " + e.Message));
        }
    }
}
