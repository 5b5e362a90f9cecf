using System;
using System.Globalization;
using System.Text;

namespace Bioreactor.Virtual
{
    /// <summary>
    /// One fault to inject: a kind, a target sensor where relevant, a start and a duration in simulated seconds from
    /// the start of the simulation (duration 0 or +∞ = until the end). Text form, usable on a command line:
    /// <code>
    ///   kind[:target]@start[+duration]      e.g.  door-open@3600+30   probe-open:liquid@7200   power-cut@5000+600
    /// </code>
    /// Times are seconds, or a number with a unit: s, m/min, h, d (e.g. "@2h+30s").
    /// </summary>
    public sealed class Fault
    {
        private static readonly string[] KindNames =
        {
            "probe-open", "probe-short", "sensor-stuck", "sensor-stale", "heater-failed-off", "heater-failed-on",
            "valve-stuck-open", "valve-stuck-closed", "motor-stall", "door-open", "power-cut",
        };

        private static readonly string[] TargetNames = { string.Empty, "liquid", "plate", "co2", "angle" };

        /// <summary>Creates a fault, checking that the target fits the kind and the times are valid.</summary>
        /// <exception cref="ArgumentException">The target does not fit the kind, or a time is negative or not a number.</exception>
        public Fault(FaultKind kind, FaultTarget target, double startSeconds, double durationSeconds)
        {
            if ((int)kind < 0 || (int)kind >= KindNames.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown fault kind.");
            }

            if ((int)target < 0 || (int)target >= TargetNames.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(target), target, "Unknown fault target.");
            }

            string problem = TargetProblem(kind, target);
            if (problem != null)
            {
                throw new ArgumentException(problem, nameof(target));
            }

            if (!double.IsFinite(startSeconds) || startSeconds < 0.0)
            {
                throw new ArgumentOutOfRangeException(nameof(startSeconds), startSeconds, "The start must be a finite time ≥ 0 s.");
            }

            if (double.IsNaN(durationSeconds) || durationSeconds < 0.0)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(durationSeconds),
                    durationSeconds,
                    "The duration must be ≥ 0 s (0 or +∞ = until the end).");
            }

            Kind = kind;
            Target = target;
            StartSeconds = startSeconds;
            DurationSeconds = durationSeconds;
        }

        /// <summary>Creates a fault that is not about one sensor.</summary>
        public Fault(FaultKind kind, double startSeconds, double durationSeconds)
            : this(kind, FaultTarget.None, startSeconds, durationSeconds)
        {
        }

        /// <summary>What goes wrong.</summary>
        public FaultKind Kind { get; }

        /// <summary>Which sensor (None for other faults).</summary>
        public FaultTarget Target { get; }

        /// <summary>Simulated time the fault starts, s.</summary>
        public double StartSeconds { get; }

        /// <summary>How long it lasts, s; 0 or +∞ = until the end.</summary>
        public double DurationSeconds { get; }

        /// <summary>True when the fault lasts until the end of the simulation.</summary>
        public bool IsUntilEnd => DurationSeconds == 0.0 || double.IsPositiveInfinity(DurationSeconds);

        /// <summary>Simulated time the fault ends, s (+∞ when it lasts until the end).</summary>
        public double EndSeconds => IsUntilEnd ? double.PositiveInfinity : StartSeconds + DurationSeconds;

        /// <summary>The text name of a kind, e.g. "door-open".</summary>
        public static string KindName(FaultKind kind)
        {
            return KindNames[(int)kind];
        }

        /// <summary>The text name of a target, e.g. "liquid" ("" for None).</summary>
        public static string TargetName(FaultTarget target)
        {
            return TargetNames[(int)target];
        }

        /// <summary>Parses one fault in the text form.</summary>
        /// <exception cref="FormatException">The text is not a valid fault; the message says what is wrong and what is allowed.</exception>
        public static Fault Parse(string spec)
        {
            if (spec == null)
            {
                throw new ArgumentNullException(nameof(spec));
            }

            string text = spec.Trim();
            int at = text.IndexOf('@', StringComparison.Ordinal);
            if (at < 0)
            {
                throw Error(spec, "missing '@start' (form: kind[:target]@start[+duration], e.g. door-open@3600+30)");
            }

            string head = text.Substring(0, at).Trim();
            string times = text.Substring(at + 1).Trim();
            string kindText = head;
            string targetText = null;
            int colon = head.IndexOf(':', StringComparison.Ordinal);
            if (colon >= 0)
            {
                kindText = head.Substring(0, colon).Trim();
                targetText = head.Substring(colon + 1).Trim();
            }

            int kindIndex = Array.IndexOf(KindNames, kindText.ToLowerInvariant());
            if (kindIndex < 0)
            {
                throw Error(spec, "unknown fault kind '" + kindText + "'; known kinds: " + string.Join(", ", KindNames));
            }

            var kind = (FaultKind)kindIndex;
            FaultTarget target = FaultTarget.None;
            if (targetText != null)
            {
                int targetIndex = Array.IndexOf(TargetNames, targetText.ToLowerInvariant());
                if (targetIndex <= 0)
                {
                    throw Error(spec, "unknown target '" + targetText + "'; known targets: liquid, plate, co2, angle");
                }

                target = (FaultTarget)targetIndex;
            }

            string problem = TargetProblem(kind, target);
            if (problem != null)
            {
                throw Error(spec, problem);
            }

            string startText = times;
            string durationText = null;
            int plus = times.IndexOf('+', StringComparison.Ordinal);
            if (plus >= 0)
            {
                startText = times.Substring(0, plus);
                durationText = times.Substring(plus + 1);
            }

            double start = ParseSeconds(spec, startText, "start");
            double duration = durationText == null ? 0.0 : ParseSeconds(spec, durationText, "duration");
            return new Fault(kind, target, start, duration);
        }

        /// <summary>The text form, e.g. "probe-open:liquid@7200+60" (parses back to an equal fault).</summary>
        public override string ToString()
        {
            var text = new StringBuilder(KindName(Kind));
            if (Target != FaultTarget.None)
            {
                text.Append(':').Append(TargetName(Target));
            }

            text.Append('@').Append(StartSeconds.ToString("R", CultureInfo.InvariantCulture));
            if (!IsUntilEnd)
            {
                text.Append('+').Append(DurationSeconds.ToString("R", CultureInfo.InvariantCulture));
            }

            return text.ToString();
        }

        private static string TargetProblem(FaultKind kind, FaultTarget target)
        {
            switch (kind)
            {
                case FaultKind.ProbeOpen:
                case FaultKind.ProbeShort:
                    if (target != FaultTarget.LiquidProbe && target != FaultTarget.PlateProbe)
                    {
                        return KindName(kind) + " needs an RTD probe target: ':liquid' or ':plate'";
                    }

                    return null;
                case FaultKind.SensorStuck:
                case FaultKind.SensorStale:
                    if (target == FaultTarget.None)
                    {
                        return KindName(kind) + " needs a target: ':liquid', ':plate', ':co2' or ':angle'";
                    }

                    return null;
                default:
                    if (target != FaultTarget.None)
                    {
                        return KindName(kind) + " takes no target (remove ':" + TargetName(target) + "')";
                    }

                    return null;
            }
        }

        private static double ParseSeconds(string spec, string text, string what)
        {
            string t = text.Trim().ToLowerInvariant();
            double scale = 1.0;
            string number = t;
            if (t.EndsWith("min", StringComparison.Ordinal))
            {
                scale = 60.0;
                number = t.Substring(0, t.Length - 3);
            }
            else if (t.EndsWith("s", StringComparison.Ordinal))
            {
                number = t.Substring(0, t.Length - 1);
            }
            else if (t.EndsWith("m", StringComparison.Ordinal))
            {
                scale = 60.0;
                number = t.Substring(0, t.Length - 1);
            }
            else if (t.EndsWith("h", StringComparison.Ordinal))
            {
                scale = 3600.0;
                number = t.Substring(0, t.Length - 1);
            }
            else if (t.EndsWith("d", StringComparison.Ordinal))
            {
                scale = 86400.0;
                number = t.Substring(0, t.Length - 1);
            }

            number = number.Trim();
            if (number.Length == 0
                || !double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value)
                || !double.IsFinite(value))
            {
                throw Error(spec, "the " + what + " '" + text.Trim() + "' is not a time: give seconds (e.g. 3600) or a number with s, m, h or d (e.g. 2h)");
            }

            return value * scale;
        }

        private static FormatException Error(string spec, string problem)
        {
            return new FormatException("Fault '" + spec + "': " + problem + ".");
        }
    }
}
