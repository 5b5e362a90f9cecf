using System;
using System.Collections;
using System.Collections.Generic;
using System.Text;

namespace Bioreactor.Virtual
{
    /// <summary>
    /// Faults to inject as simulated time passes. Give it to <see cref="VirtualBioreactor.AddFaults"/>; the bioreactor
    /// starts and ends each fault at its times. Text form: faults in <see cref="Fault"/>'s form separated by commas,
    /// semicolons or white space, e.g. "door-open@3600+30, probe-open:liquid@7200".
    /// </summary>
    public sealed class FaultSchedule : IReadOnlyList<Fault>
    {
        private readonly List<Fault> faults = new List<Fault>();

        /// <summary>Number of faults.</summary>
        public int Count => faults.Count;

        /// <summary>The fault at <paramref name="index"/>, in the order added.</summary>
        public Fault this[int index] => faults[index];

        /// <summary>Parses a list of faults.</summary>
        /// <exception cref="FormatException">
        /// A fault is invalid; the message quotes it, says what is wrong and lists what is allowed.
        /// </exception>
        public static FaultSchedule Parse(string specs)
        {
            if (specs == null)
            {
                throw new ArgumentNullException(nameof(specs));
            }

            var schedule = new FaultSchedule();
            foreach (string part in specs.Split(new[] { ',', ';', ' ', '\t', '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries))
            {
                schedule.Add(Fault.Parse(part));
            }

            return schedule;
        }

        /// <summary>Adds a fault.</summary>
        public FaultSchedule Add(Fault fault)
        {
            if (fault == null)
            {
                throw new ArgumentNullException(nameof(fault));
            }

            faults.Add(fault);
            return this;
        }

        /// <summary>The faults in text form, comma-separated (parses back to an equal schedule).</summary>
        public override string ToString()
        {
            var text = new StringBuilder();
            for (int i = 0; i < faults.Count; i++)
            {
                text.Append(i == 0 ? string.Empty : ",").Append(faults[i].ToString());
            }

            return text.ToString();
        }

        /// <summary>Enumerates the faults in the order added.</summary>
        public IEnumerator<Fault> GetEnumerator()
        {
            return faults.GetEnumerator();
        }

        IEnumerator IEnumerable.GetEnumerator()
        {
            return GetEnumerator();
        }
    }
}
