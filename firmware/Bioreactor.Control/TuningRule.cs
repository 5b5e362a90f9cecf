namespace Bioreactor.Control
{
    /// <summary>
    /// Rules turning an ultimate gain Ku and ultimate period Tu into PID tunings (ISA standard form); computed by
    /// <see cref="TuningRules.Compute"/>. References:
    /// <list type="bullet">
    /// <item>Ziegler, J. G. &amp; Nichols, N. B., "Optimum settings for automatic controllers", Trans. ASME 64 (1942)
    /// 759–768 (the ultimate-sensitivity method).</item>
    /// <item>Tyreus, B. D. &amp; Luyben, W. L., "Tuning PI controllers for integrator/dead time processes",
    /// Ind. Eng. Chem. Res. 31 (1992) 2625–2628; the PID column as tabulated by Luyben, W. L. &amp; Luyben, M. L.,
    /// "Essentials of Process Control", McGraw-Hill, 1997.</item>
    /// </list>
    /// </summary>
    public enum TuningRule
    {
        /// <summary>Ziegler–Nichols (1942) PI: Kc = 0.45·Ku, Ti = Tu/1.2. Quarter-amplitude decay: aggressive.</summary>
        ZieglerNicholsPi = 0,

        /// <summary>Ziegler–Nichols (1942) classic PID: Kc = 0.6·Ku, Ti = Tu/2, Td = Tu/8. Aggressive, large overshoot.</summary>
        ZieglerNicholsPid = 1,

        /// <summary>
        /// Tyreus–Luyben (1992) PI: Kc = Ku/3.2, Ti = 2.2·Tu. Conservative (well damped, little overshoot):
        /// suited to slow, lag-dominant thermal plants and to noisy measurements such as NDIR CO2.
        /// </summary>
        TyreusLuybenPi = 2,

        /// <summary>
        /// Tyreus–Luyben PID: Kc = Ku/2.2, Ti = 2.2·Tu, Td = Tu/6.3. Conservative: suited to slow, lag-dominant
        /// thermal plants (the bag temperature loop).
        /// </summary>
        TyreusLuybenPid = 3,
    }
}
