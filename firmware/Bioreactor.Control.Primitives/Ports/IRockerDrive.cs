namespace Bioreactor.Control.Ports
{
    /// <summary>
    /// The rocking platform's motor. The core commands a signed platform angular speed; the drive turns it into
    /// steps or a PWM duty. Disabling the drive removes motor power (the platform's own weight and friction
    /// then hold it), the safe state on a stall.
    /// </summary>
    public interface IRockerDrive
    {
        /// <summary>Commands the platform's angular speed in degrees per second (positive raises the angle).</summary>
        void SetSpeed(double degreesPerSecond);

        /// <summary>Powers the motor driver (true) or removes its power (false).</summary>
        void SetEnabled(bool enabled);
    }
}
