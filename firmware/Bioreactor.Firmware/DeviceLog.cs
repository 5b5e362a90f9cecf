using System;
using System.Diagnostics;

namespace Bioreactor.Firmware
{
    /// <summary>
    /// The firmware's log: one line per event on the debug output (Visual Studio's Output window, or the nanoFramework
    /// wire protocol on the board's USB serial port), prefixed with the monotonic milliseconds since boot. Not for the
    /// control thread's periodic path (it allocates the line).
    /// </summary>
    internal static class DeviceLog
    {
        // System.Diagnostics.Debug.WriteLine(string): nanoframework/CoreLibrary, nanoFramework.CoreLibrary/System/Diagnostics/Debug.cs.
        // Environment.TickCount64: nanoframework/nanoFramework.Runtime.Native, nanoFramework.Runtime.Native/System/Environment.cs.
        public static void Info(string message)
        {
            Debug.WriteLine(Environment.TickCount64.ToString() + " " + message);
        }

        public static void Error(string message, Exception e)
        {
            Debug.WriteLine(Environment.TickCount64.ToString() + " ERROR " + message + (e == null ? string.Empty : ": " + e.Message));
        }
    }
}
