using System;

namespace Bioreactor.Control.Device
{
    /// <summary>
    /// The device as a board runs it: the firmware (control, batch, record and the record queue between them), its status
    /// and, optionally, its MQTT link, with one entry point per thread. A board composes it in one place and starts its
    /// threads on it; the simulator steps it on one thread.
    /// </summary>
    /// <remarks>
    /// <para>Threads (each method is called by exactly one of them):</para>
    /// <code>
    ///   control thread        Tick()            every control period: batch, loops, safety, alarms; queues record entries,
    ///                                           refreshes the status; holds the device lock throughout, touches no storage
    ///   record thread         ServiceRecord()   often (each tick or so): writes the queued entries (MAC, append, flush),
    ///                                           hands the record's chain head to the link, then runs the commands received
    ///                                           (parsing, authority, record list and fetch, responses); a command's state
    ///                                           change takes the device lock briefly
    ///   communication thread  Link.Service()    connects, publishes responses, events, state and telemetry (may block)
    ///   transport's receiver  Link.OnMessage    only queues
    /// </code>
    /// <para>The device lock (BioreactorFirmware's) serialises every change of control and batch state: the whole tick, and
    /// a command's state change (firmware Execute, autotune, refusals), which contain no I/O, no MAC and no formatting. The
    /// record thread owns the writer and the storage. The link's lock guards its queues and its copy of the status and is
    /// never held across a transport call; the communication thread never takes the device lock.</para>
    /// <para>Priorities on the ESP32 (firmware/Bioreactor.Esp32.App): control highest (its period is the process's), record
    /// below it (a late entry is only late, but a queue left full drops entries), communication below both (a late
    /// message loses nothing the record does not keep). nanoCLR does not preempt by priority: it shares its 20 ms quanta by
    /// weight (nf-interpreter, src/CLR/Include/nanoCLR_Runtime.h, CLR_RT_Thread::GetQuantumDebit: a quantum costs a Highest
    /// thread 2, AboveNormal 4, Normal 8, BelowNormal 16), so the slow record work must be off the control thread, not
    /// merely below it.</para>
    /// <para>The simulator runs all of it on one thread, Tick then ServiceRecord in each step, so a seed gives the same
    /// record byte for byte (docs/architecture.md rule 7); only the link's communication runs on its own thread there.</para>
    /// </remarks>
    public sealed class BioreactorDevice
    {
        /// <summary>
        /// Composes the device: the link, when given, becomes the firmware's observer (events, status) and runs its commands
        /// on the record thread. Compose it before <see cref="StartUp"/> so the link hears the resume's events.
        /// </summary>
        /// <param name="firmware">The firmware.</param>
        /// <param name="link">The firmware's MQTT link, or null for a device without one.</param>
        public BioreactorDevice(BioreactorFirmware firmware, MqttLink link)
        {
            if (firmware == null)
            {
                throw new ArgumentNullException("firmware");
            }

            if (link != null && link.Firmware != firmware)
            {
                throw new ArgumentException("the link was built for another firmware", "link");
            }

            Firmware = firmware;
            Link = link;
            firmware.Observer = link == null ? null : link.Observer;
        }

        /// <summary>The firmware.</summary>
        public BioreactorFirmware Firmware { get; }

        /// <summary>The MQTT link, or null.</summary>
        public MqttLink Link { get; }

        /// <summary>
        /// Start-up, before any thread starts: resumes an unclosed record or leaves the unit idle (BioreactorFirmware.StartUp).
        /// </summary>
        /// <returns>True when a batch was resumed.</returns>
        public bool StartUp()
        {
            return Firmware.StartUp();
        }

        /// <summary>Control thread, every control period. Allocates nothing.</summary>
        public void Tick()
        {
            Firmware.Tick();
        }

        /// <summary>
        /// Record thread: writes the queued record entries, then runs the commands the link received. Allocates nothing when
        /// no command came and only samples, alarm transitions and snapshots were queued.
        /// </summary>
        public void ServiceRecord()
        {
            Firmware.ServiceRecord();
            if (Link != null)
            {
                Link.RunCommands();
            }
        }
    }
}
