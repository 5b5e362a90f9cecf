namespace Bioreactor.Control.Primitives
{
    /// <summary>The finite-number test every validation in the core uses (nanoFramework has no double.IsFinite).</summary>
    public static class Finite
    {
        /// <summary>True when the value is neither NaN nor infinite.</summary>
        public static bool Is(double value)
        {
            return !double.IsNaN(value) && !double.IsInfinity(value);
        }
    }
}
