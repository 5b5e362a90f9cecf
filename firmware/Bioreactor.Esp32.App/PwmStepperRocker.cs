using System.Device.Gpio;
using System.Device.Pwm;
using Bioreactor.Esp32.Drivers;
using nanoFramework.Hardware.Esp32;

namespace Bioreactor.Esp32.App
{
    /// <summary>
    /// The rocking motor's step generator (the hardware side of the portable <see cref="SteppedRockerDrive"/>): STEP is a
    /// PWM channel at 50 % duty whose frequency is the step rate, so the ESP32's LEDC peripheral makes the steps and no
    /// thread blocks; DIR and ENN are GPIOs (TMC2209: ENN low = enabled). <see cref="Inhibit"/> is the supervisor's latch:
    /// steps stopped, driver disabled, and every later request ignored until <see cref="Release"/>.
    /// </summary>
    internal sealed class PwmStepPulseOutput : IStepPulseOutput
    {
        private readonly PwmChannel _step;
        private readonly GpioPin _direction;
        private readonly GpioPin _enableNot;
        private readonly object _lock = new object();
        private bool _running;
        private int _frequencyHertz;
        private bool _inhibited;

        /// <summary>Opens the pins with the driver disabled and the steps stopped.</summary>
        public PwmStepPulseOutput(GpioController controller, int stepGpio, int directionGpio, int enableNotGpio)
        {
            // ENN high first: the motor outputs stay off whatever happens next.
            _enableNot = controller.OpenPin(enableNotGpio, PinMode.Output);
            _enableNot.Write(PinValue.High);
            _direction = controller.OpenPin(directionGpio, PinMode.Output);
            _direction.Write(PinValue.Low);

            // Configuration.SetPinFunction(int, DeviceFunction) before opening the peripheral; DeviceFunction.PWM1
            // (nanoframework/nanoFramework.Hardware.Esp32, Configuration.cs and DeviceTypePins.cs).
            Configuration.SetPinFunction(stepGpio, DeviceFunction.PWM1);

            // PwmChannel.CreateFromPin(int pin, int frequency = 400, double dutyCyclePercentage = 0.5) returns null when no
            // channel serves the pin; Frequency setter (int Hz, native retune), Start(), Stop()
            // (nanoframework/System.Device.Pwm, System.Device.Pwm/PwmChannel.cs). Created at 1 kHz, not started.
            _step = PwmChannel.CreateFromPin(stepGpio, 1000, 0.5);
            if (_step == null)
            {
                throw new System.InvalidOperationException("no PWM channel serves the STEP pin");
            }

            _step.Stop();
        }

        /// <inheritdoc />
        public void SetDriverEnabled(bool enabled)
        {
            lock (_lock)
            {
                _enableNot.Write(enabled && !_inhibited ? PinValue.Low : PinValue.High);
            }
        }

        /// <inheritdoc />
        public void SetDirection(bool pinHigh)
        {
            lock (_lock)
            {
                _direction.Write(pinHigh ? PinValue.High : PinValue.Low);
            }
        }

        /// <inheritdoc />
        public void SetStepFrequency(int frequencyHertz)
        {
            lock (_lock)
            {
                if (_inhibited || frequencyHertz <= 0)
                {
                    return;
                }

                if (frequencyHertz != _frequencyHertz)
                {
                    _step.Frequency = frequencyHertz;
                    _frequencyHertz = frequencyHertz;
                }

                if (!_running)
                {
                    _step.Start();
                    _running = true;
                }
            }
        }

        /// <inheritdoc />
        public void StopSteps()
        {
            lock (_lock)
            {
                if (_running)
                {
                    _step.Stop();
                    _running = false;
                }
            }
        }

        /// <summary>Stops the steps, disables the driver and ignores requests until released (supervisor; any thread).</summary>
        public void Inhibit()
        {
            lock (_lock)
            {
                _inhibited = true;
                _step.Stop();
                _running = false;
                _enableNot.Write(PinValue.High);
            }
        }

        /// <summary>Lets requests act again (the drive re-enables on its next command).</summary>
        public void Release()
        {
            lock (_lock)
            {
                _inhibited = false;
            }
        }
    }
}
