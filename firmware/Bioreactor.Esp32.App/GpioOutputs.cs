using System.Device.Gpio;
using Bioreactor.Esp32.Drivers;
using Bioreactor.Control.Ports;

namespace Bioreactor.Esp32.App
{
    /// <summary>
    /// An on/off actuator on a GPIO driving a MOSFET gate (heater SSR, CO2 valve, buzzer, LED): high = on. Opened as an
    /// output written low at once, so the actuator is off from the moment the firmware takes the pin. <see cref="Inhibit"/>
    /// latches it off for the software supervisor: later <see cref="Set"/>(true) calls from a control loop that comes back
    /// are ignored until <see cref="Release"/>.
    /// </summary>
    internal sealed class GpioSwitchedOutput : ISwitchedOutput
    {
        // Set runs on the control thread, Inhibit on any thread: both under _gate, so an Inhibit can never be undone by a
        // Set that had read the flag just before it (a lock rather than volatile, which nanoFramework's mscorlib 1.17.11
        // cannot compile: no IsVolatile modifier).
        private readonly object _gate = new object();
        private readonly GpioPin _pin;
        private bool _inhibited;
        private bool _on;

        // GpioController.OpenPin(int, PinMode) returns the GpioPin; GpioPin.Write(PinValue)
        // (nanoframework/System.Device.Gpio, System.Device.Gpio/GpioController.cs and GpioPin.cs).
        public GpioSwitchedOutput(GpioController controller, int gpio)
        {
            _pin = controller.OpenPin(gpio, PinMode.Output);
            _pin.Write(PinValue.Low);
        }

        /// <inheritdoc />
        public void Set(bool on)
        {
            lock (_gate)
            {
                bool value = on && !_inhibited;
                if (value == _on)
                {
                    return;
                }

                _on = value;
                _pin.Write(value ? PinValue.High : PinValue.Low);
            }
        }

        /// <summary>Drives the output off and keeps it off (supervisor; any thread).</summary>
        public void Inhibit()
        {
            lock (_gate)
            {
                _inhibited = true;
                _on = false;
                _pin.Write(PinValue.Low);
            }
        }

        /// <summary>Lets <see cref="Set"/> act again.</summary>
        public void Release()
        {
            lock (_gate)
            {
                _inhibited = false;
            }
        }
    }

    /// <summary>
    /// The lid reed switch: the raw pin (high = open: switch to GND with the lid shut, pull-up, so a broken wire reads open)
    /// fed to the portable <see cref="DebouncedDoorSwitch"/> each time the core reads it (once per control tick), with dt
    /// from the clock port.
    /// </summary>
    internal sealed class GpioDoorSwitch : IDoorSwitch
    {
        private readonly GpioPin _pin;
        private readonly DebouncedDoorSwitch _debounced;
        private readonly IClock _clock;
        private long _lastMilliseconds = -1;

        // PinMode.Input / InputPullUp: nanoframework/System.Device.Gpio, System.Device.Gpio/PinMode.cs. GPIO36 (the board
        // map's door pin) is input-only without internal pull resistors (ESP32 technical reference manual, IO_MUX), so the
        // board fits an external pull-up and the pin is opened as a plain input.
        public GpioDoorSwitch(GpioController controller, int gpio, DebouncedDoorSwitch debounced, IClock clock)
        {
            _pin = controller.OpenPin(gpio, PinMode.Input);
            _debounced = debounced;
            _clock = clock;
        }

        /// <inheritdoc />
        public bool IsOpen
        {
            get
            {
                long now = _clock.MonotonicMilliseconds;
                double dtSeconds = _lastMilliseconds < 0 ? 0.0 : (now - _lastMilliseconds) / 1000.0;
                _lastMilliseconds = now;
                _debounced.Update(_pin.Read() == PinValue.High, dtSeconds);
                return _debounced.IsOpen;
            }
        }
    }
}
