using Bioreactor.Control.Device;
using System;
using System.Threading;

namespace Bioreactor.Esp32.App
{
    /// <summary>
    /// The record thread: runs <see cref="BioreactorDevice.ServiceRecord"/> (the queued record entries' MAC, append and flush,
    /// then the commands received) every <see cref="PollMilliseconds"/>, below the control thread and above communication
    /// (the reasons are in BioreactorDevice's remarks).
    /// </summary>
    /// <remarks>
    /// It polls rather than waits on an event: an idle pass costs two short locks (the record queue's and the link's inbox),
    /// and a poll of one control period bounds how long an entry or a command waits, which is all the queue's sizing
    /// assumes (BioreactorFirmware.RecordQueueCapacity). Thread, ThreadPriority and Thread.Sleep(int) as in nanoFramework's
    /// mscorlib (nanoframework/CoreLibrary, nanoFramework.CoreLibrary/System/Threading/Thread.cs and ThreadPriority.cs).
    /// </remarks>
    internal sealed class RecordLoop
    {
        /// <summary>Sleep between two passes, ms: one control period.</summary>
        public const int PollMilliseconds = 20;

        private readonly BioreactorDevice _device;
        private Thread _thread;

        public RecordLoop(BioreactorDevice device)
        {
            _device = device;
        }

        /// <summary>Passes that threw (logged; the loop carries on, the firmware has counted what it could).</summary>
        public long Exceptions { get; private set; }

        /// <summary>Starts the thread at AboveNormal priority.</summary>
        public void Start()
        {
            _thread = new Thread(Run);
            _thread.Priority = ThreadPriority.AboveNormal;
            _thread.Start();
        }

        private void Run()
        {
            while (true)
            {
                try
                {
                    _device.ServiceRecord();
                }
                catch (Exception e)
                {
                    // ServiceRecord catches an entry's and a command's faults itself; this is the last line of defence.
                    Exceptions++;
                    DeviceLog.Error("record thread", e);
                }

                Thread.Sleep(PollMilliseconds);
            }
        }
    }
}
