using Bioreactor.Control.Primitives;
using System;

namespace Bioreactor.Esp32.Drivers
{
    /// <summary>
    /// Turns the core's platform speed command (IRockerDrive.SetSpeed, degrees per second) into what a hardware step
    /// generator needs: a step frequency for a 50 %-duty PWM on the driver's STEP pin, the DIR level, and whether the
    /// steps run at all. Nothing blocks and nothing is bit-banged: the PWM peripheral makes the pulses between calls
    /// (unlike the Drv8825/A4988 bindings, which loop over Thread.Sleep per step).
    /// </summary>
    /// <remarks>
    /// <para>
    /// Each <see cref="Update"/>: a non-finite command counts as 0; the command is clamped to the speed of
    /// <see cref="StepperMechanics.MaximumStepRateHertz"/>; the planned speed moves towards it by at most
    /// acceleration × dt; the frequency is |speed| × steps per degree rounded to whole hertz (nanoFramework's
    /// PwmChannel.Frequency is an int), and below <see cref="StepperMechanics.MinimumStepRateHertz"/> the steps stop.
    /// A reversal always passes through one update with the steps stopped, so DIR only ever changes while the PWM is
    /// off (the driver samples DIR at each STEP edge; TMC2209 data sheet, STEP/DIR timing).
    /// </para>
    /// <code>
    ///              |speed| × steps/° ≥ minimum rate
    ///   +---------+ -------------------------------> +---------+
    ///   | STOPPED |                                  | RUNNING |  frequency follows the ramped speed
    ///   +---------+ &lt;------------------------------- +---------+
    ///     DIR may     below minimum rate, Reset(), or
    ///     change      the ramped speed changes sign
    /// </code>
    /// <para>Allocation-free; time only from the caller's dt. Not thread safe.</para>
    /// </remarks>
    public sealed class StepRatePlanner
    {
        private readonly double _stepsPerDegree;
        private readonly double _maximumSpeedDegreesPerSecond;
        private readonly double _maximumAcceleration;
        private readonly int _minimumStepRateHertz;
        private readonly int _maximumStepRateHertz;
        private readonly bool _directionPinHighIsPositive;

        private double _speed;

        /// <summary>Creates a stopped planner; the mechanics are validated and copied.</summary>
        public StepRatePlanner(StepperMechanics mechanics)
        {
            if (mechanics == null)
            {
                throw new ArgumentNullException("mechanics");
            }

            mechanics.Validate();
            _stepsPerDegree = mechanics.FullStepsPerRevolution * (double)mechanics.Microsteps * mechanics.GearRatio / 360.0;
            _maximumStepRateHertz = mechanics.MaximumStepRateHertz;
            _minimumStepRateHertz = mechanics.MinimumStepRateHertz;
            _maximumSpeedDegreesPerSecond = _maximumStepRateHertz / _stepsPerDegree;
            _maximumAcceleration = mechanics.MaximumAccelerationDegreesPerSecondSquared;
            _directionPinHighIsPositive = mechanics.DirectionPinHighIsPositive;
            DirectionPinHigh = _directionPinHighIsPositive;
        }

        /// <summary>Microsteps per degree of platform rotation.</summary>
        public double StepsPerDegree
        {
            get { return _stepsPerDegree; }
        }

        /// <summary>Platform speed at the maximum step rate, degrees per second.</summary>
        public double MaximumSpeedDegreesPerSecond
        {
            get { return _maximumSpeedDegreesPerSecond; }
        }

        /// <summary>The step frequency to generate, Hz; 0 while stopped.</summary>
        public int StepFrequencyHertz { get; private set; }

        /// <summary>True while steps are generated.</summary>
        public bool IsRunning { get; private set; }

        /// <summary>The level for the DIR pin (kept while stopped).</summary>
        public bool DirectionPinHigh { get; private set; }

        /// <summary>The platform speed the steps deliver, degrees per second (signed; 0 while stopped).</summary>
        public double DeliveredDegreesPerSecond { get; private set; }

        /// <summary>The ramped speed the planner is following, degrees per second (before the minimum-rate cut).</summary>
        public double PlannedDegreesPerSecond
        {
            get { return _speed; }
        }

        /// <summary>The last update clamped the command to the maximum speed.</summary>
        public bool IsSpeedLimited { get; private set; }

        /// <summary>The last update could not reach the (clamped) command within the acceleration limit.</summary>
        public bool IsAccelerationLimited { get; private set; }

        /// <summary>The last update or reset started or stopped the steps.</summary>
        public bool RunningChanged { get; private set; }

        /// <summary>The last update changed the step frequency.</summary>
        public bool FrequencyChanged { get; private set; }

        /// <summary>The last update changed the DIR level (only ever while stopped before this update).</summary>
        public bool DirectionChanged { get; private set; }

        /// <summary>Non-finite commands seen (treated as 0).</summary>
        public int InvalidCommandCount { get; private set; }

        /// <summary>Plans the next interval.</summary>
        /// <param name="commandedDegreesPerSecond">The core's speed command, degrees per second (positive raises the angle).</param>
        /// <param name="dtSeconds">Time since the previous update, s; a negative or non-finite dt counts as 0.</param>
        public void Update(double commandedDegreesPerSecond, double dtSeconds)
        {
            double command = commandedDegreesPerSecond;
            if (!Finite.Is(command))
            {
                InvalidCommandCount++;
                command = 0.0;
            }

            double dt = Finite.Is(dtSeconds) && dtSeconds > 0.0 ? dtSeconds : 0.0;

            IsSpeedLimited = Math.Abs(command) > _maximumSpeedDegreesPerSecond;
            double target = Math.Clamp(command, -_maximumSpeedDegreesPerSecond, _maximumSpeedDegreesPerSecond);
            double maximumChange = _maximumAcceleration * dt;
            double change = target - _speed;
            IsAccelerationLimited = Math.Abs(change) > maximumChange;
            double next = _speed + Math.Clamp(change, -maximumChange, maximumChange);

            bool wasRunning = IsRunning;
            int oldFrequency = StepFrequencyHertz;
            bool oldDirection = DirectionPinHigh;

            bool nextDirection = (next > 0.0) == _directionPinHighIsPositive;
            if (wasRunning && next != 0.0 && nextDirection != oldDirection)
            {
                // Reversing: hold one update at standstill, so DIR changes only with the PWM stopped.
                next = 0.0;
            }

            _speed = next;
            int frequency = (int)Math.Round(Math.Abs(next) * _stepsPerDegree);
            if (frequency > _maximumStepRateHertz)
            {
                frequency = _maximumStepRateHertz;
            }

            bool running = frequency >= _minimumStepRateHertz;
            if (!running)
            {
                frequency = 0;
            }
            else if (!wasRunning)
            {
                DirectionPinHigh = nextDirection;
            }

            IsRunning = running;
            StepFrequencyHertz = frequency;
            DeliveredDegreesPerSecond = running ? (next > 0.0 ? frequency : -frequency) / _stepsPerDegree : 0.0;
            RunningChanged = running != wasRunning;
            FrequencyChanged = frequency != oldFrequency;
            DirectionChanged = DirectionPinHigh != oldDirection;
        }

        /// <summary>Stops at once (drive disabled, fault): speed 0, steps off; the next start ramps from 0.</summary>
        public void Reset()
        {
            RunningChanged = IsRunning;
            FrequencyChanged = StepFrequencyHertz != 0;
            DirectionChanged = false;
            IsSpeedLimited = false;
            IsAccelerationLimited = false;
            _speed = 0.0;
            IsRunning = false;
            StepFrequencyHertz = 0;
            DeliveredDegreesPerSecond = 0.0;
        }
    }
}
