using System;

namespace Bioreactor.Control.Safety
{
    /// <summary>
    /// How one alarm behaves: its priority, the on-delay and off-delay that filter short excursions, the deadband
    /// an analog value must come back inside before the alarm clears, whether it latches, and its text.
    /// Immutable; validated when built.
    /// </summary>
    public sealed class AlarmDefinition
    {
        /// <summary>Creates a definition; throws when a value is out of range.</summary>
        /// <param name="priority">Low, Medium, High or Critical (not None).</param>
        /// <param name="onDelayMilliseconds">How long the condition must last before the alarm is raised, 0–86 400 000 ms.</param>
        /// <param name="offDelayMilliseconds">How long the condition must be gone before the alarm clears, 0–86 400 000 ms.</param>
        /// <param name="deadband">
        /// For <see cref="AlarmManager.EvaluateHigh"/>/<see cref="AlarmManager.EvaluateLow"/>: how far back inside the
        /// limit the value must come before the alarm clears, in the value's unit, finite and ≥ 0.
        /// </param>
        /// <param name="latched">True when the alarm stays active after its condition clears until the operator acknowledges it.</param>
        /// <param name="description">English text for the operator; not empty.</param>
        public AlarmDefinition(AlarmPriority priority, long onDelayMilliseconds, long offDelayMilliseconds, double deadband,
            bool latched, string description)
        {
            if (priority < AlarmPriority.Low || priority > AlarmPriority.Critical)
            {
                throw new ArgumentOutOfRangeException("priority", "priority must be Low, Medium, High or Critical");
            }

            if (onDelayMilliseconds < 0 || onDelayMilliseconds > MaximumDelayMilliseconds)
            {
                throw new ArgumentOutOfRangeException("onDelayMilliseconds", "onDelayMilliseconds must be 0 to 86400000 (one day)");
            }

            if (offDelayMilliseconds < 0 || offDelayMilliseconds > MaximumDelayMilliseconds)
            {
                throw new ArgumentOutOfRangeException("offDelayMilliseconds", "offDelayMilliseconds must be 0 to 86400000 (one day)");
            }

            if (double.IsNaN(deadband) || double.IsInfinity(deadband) || deadband < 0)
            {
                throw new ArgumentOutOfRangeException("deadband", "deadband must be finite and at least 0");
            }

            if (description == null || description.Length == 0)
            {
                throw new ArgumentException("description must not be empty", "description");
            }

            Priority = priority;
            OnDelayMilliseconds = onDelayMilliseconds;
            OffDelayMilliseconds = offDelayMilliseconds;
            Deadband = deadband;
            Latched = latched;
            Description = description;
        }

        /// <summary>The longest on- or off-delay accepted (one day), in milliseconds.</summary>
        public const long MaximumDelayMilliseconds = 86400000;

        /// <summary>The alarm's priority.</summary>
        public AlarmPriority Priority { get; }

        /// <summary>How long the condition must last before the alarm is raised, in milliseconds.</summary>
        public long OnDelayMilliseconds { get; }

        /// <summary>How long the condition must be gone before the alarm clears, in milliseconds.</summary>
        public long OffDelayMilliseconds { get; }

        /// <summary>Clearing deadband for analog limits, in the evaluated value's unit.</summary>
        public double Deadband { get; }

        /// <summary>True when the alarm stays active after its condition clears until acknowledged (reset).</summary>
        public bool Latched { get; }

        /// <summary>English text for the operator.</summary>
        public string Description { get; }
    }
}
