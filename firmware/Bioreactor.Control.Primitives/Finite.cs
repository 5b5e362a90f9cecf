namespace Bioreactor.Control.Primitives
{
    /// <summary>
    /// The number tests every validation in the core uses (nanoFramework has no double.IsFinite).
    /// </summary>
    /// <remarks>
    /// On nanoCLR an unordered comparison evaluates as "greater": <c>NaN &gt; x</c>, <c>NaN &gt;= x</c> and even
    /// <c>x &gt; NaN</c> are TRUE there (false on the desktop CLR), so a guard such as <c>if (!(dt &gt; 0)) throw</c>
    /// lets NaN through on the device. Every number that comes from outside (a reading, a time step, a setting, a set
    /// point, a recipe value) is therefore tested for NaN explicitly (<see cref="Is"/> or double.IsNaN) before it is
    /// compared with anything. A refusal of NaN names it with <see cref="NotANumber"/>.
    /// </remarks>
    public static class Finite
    {
        /// <summary>True when the value is neither NaN nor infinite.</summary>
        public static bool Is(double value)
        {
            return !double.IsNaN(value) && !double.IsInfinity(value);
        }

        /// <summary>The message of a refused NaN: "<paramref name="name"/> is not a number (NaN)". Allocates.</summary>
        public static string NotANumber(string name)
        {
            return name + " is not a number (NaN)";
        }

        /// <summary>
        /// The refusal of a time step <c>dtSeconds</c> that is NaN, infinite or not &gt; 0 (NaN named as such). The caller
        /// tests inline, NaN first (<c>double.IsNaN(dt) || !(dt &gt; 0.0) || double.IsInfinity(dt)</c>), and throws this:
        /// the tick pays no extra call. Allocates.
        /// </summary>
        public static System.ArgumentOutOfRangeException TimeStepRefused(double dtSeconds)
        {
            return new System.ArgumentOutOfRangeException("dtSeconds",
                double.IsNaN(dtSeconds) ? NotANumber("dtSeconds") : "dtSeconds must be finite and > 0");
        }
    }
}
