using Bioreactor.Control.Ports;

namespace Bioreactor.Virtual
{
    /// <summary>
    /// The virtual rocker motor drive. Remembers the commanded speed (a non-finite command counts as 0) and the enable;
    /// the speed and torque limits are the plant's (<see cref="RockingParameters"/>). A power cut disables the drive and
    /// zeroes the command; commands while unpowered are ignored.
    /// </summary>
    public sealed class VirtualRockerDrive : IRockerDrive
    {
        private bool powered = true;

        internal VirtualRockerDrive()
        {
        }

        /// <summary>The commanded platform speed, °/s.</summary>
        public double CommandedSpeedDegreesPerSecond { get; private set; }

        /// <summary>True while the firmware has the driver enabled.</summary>
        public bool IsEnabled { get; private set; }

        /// <summary>True while the driver is enabled and powered (the motor can produce torque).</summary>
        public bool IsDriving => IsEnabled && powered;

        /// <summary>Commands the platform's angular speed, °/s (positive raises the angle).</summary>
        public void SetSpeed(double degreesPerSecond)
        {
            if (powered)
            {
                CommandedSpeedDegreesPerSecond = double.IsFinite(degreesPerSecond) ? degreesPerSecond : 0.0;
            }
        }

        /// <summary>Powers the motor driver (true) or removes its power (false).</summary>
        public void SetEnabled(bool enabled)
        {
            if (powered)
            {
                IsEnabled = enabled;
            }
        }

        internal void SetPowered(bool on)
        {
            powered = on;
            if (!on)
            {
                IsEnabled = false;
                CommandedSpeedDegreesPerSecond = 0.0;
            }
        }
    }
}
