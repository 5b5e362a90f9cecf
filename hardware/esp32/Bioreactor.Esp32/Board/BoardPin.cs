namespace Bioreactor.Esp32.Board
{
    /// <summary>What a GPIO does on the board.</summary>
    public enum PinFunction
    {
        /// <summary>A plain digital output (GpioController.OpenPin(pin, PinMode.Output)).</summary>
        DigitalOutput = 0,

        /// <summary>A plain digital input (GpioController.OpenPin(pin, PinMode.Input)).</summary>
        DigitalInput = 1,

        /// <summary>A PWM output (LEDC on the ESP32).</summary>
        PwmOutput = 2,

        /// <summary>SPI clock, driven by the ESP32.</summary>
        SpiClock = 3,

        /// <summary>SPI data from the ESP32 to the devices (MOSI).</summary>
        SpiDataOut = 4,

        /// <summary>SPI data from the devices to the ESP32 (MISO).</summary>
        SpiDataIn = 5,

        /// <summary>A SPI chip select, driven by the ESP32 (active low).</summary>
        SpiChipSelect = 6,

        /// <summary>I2C data (open drain, pulled up).</summary>
        I2cData = 7,

        /// <summary>I2C clock (open drain, pulled up).</summary>
        I2cClock = 8,

        /// <summary>UART transmit, from the ESP32.</summary>
        UartTransmit = 9,

        /// <summary>UART receive, into the ESP32.</summary>
        UartReceive = 10,
    }

    /// <summary>
    /// The level the board's own resistor holds a pin at while the ESP32 is in reset, boots or is unpowered (its GPIOs
    /// are then inputs): what the attached part sees before the firmware runs.
    /// </summary>
    public enum PinResetLevel
    {
        /// <summary>No resistor on the board: the pin is driven by the attached part, or its level does not matter.</summary>
        Floating = 0,

        /// <summary>A pull-down resistor on the board holds the pin low.</summary>
        PulledLow = 1,

        /// <summary>A pull-up resistor on the board holds the pin high.</summary>
        PulledHigh = 2,
    }

    /// <summary>One row of the board's pin map: a GPIO, the signal on it, and why it is wired the way it is.</summary>
    public sealed class BoardPin
    {
        /// <summary>Creates a pin map row.</summary>
        /// <param name="gpio">ESP32 GPIO number.</param>
        /// <param name="signal">Signal name, upper case with underscores (e.g. HEATER_GATE).</param>
        /// <param name="function">What the pin does.</param>
        /// <param name="deviceFunction">
        /// The nanoFramework.Hardware.Esp32 DeviceFunction member to pass to Configuration.SetPinFunction before opening
        /// the peripheral (e.g. "SPI1_CLOCK", "COM2_TX", "PWM1"), or "GPIO" for a pin opened with GpioController.
        /// </param>
        /// <param name="resetLevel">Level the board's resistor holds while the ESP32 is in reset.</param>
        /// <param name="part">The part the pin is wired to.</param>
        /// <param name="note">Why: the reset behaviour, and the justification when the GPIO is a strapping pin.</param>
        public BoardPin(int gpio, string signal, PinFunction function, string deviceFunction, PinResetLevel resetLevel,
            string part, string note)
        {
            Gpio = gpio;
            Signal = signal;
            Function = function;
            DeviceFunction = deviceFunction;
            ResetLevel = resetLevel;
            Part = part;
            Note = note;
        }

        /// <summary>ESP32 GPIO number.</summary>
        public int Gpio { get; }

        /// <summary>Signal name.</summary>
        public string Signal { get; }

        /// <summary>What the pin does.</summary>
        public PinFunction Function { get; }

        /// <summary>nanoFramework DeviceFunction member name for Configuration.SetPinFunction, or "GPIO".</summary>
        public string DeviceFunction { get; }

        /// <summary>Level the board's resistor holds while the ESP32 is in reset.</summary>
        public PinResetLevel ResetLevel { get; }

        /// <summary>The part the pin is wired to.</summary>
        public string Part { get; }

        /// <summary>Why it is wired this way.</summary>
        public string Note { get; }

        /// <summary>True when the ESP32 drives the pin (everything except inputs, SPI data in and UART receive).</summary>
        public bool IsDrivenByEsp32
        {
            get
            {
                return Function != PinFunction.DigitalInput && Function != PinFunction.SpiDataIn
                    && Function != PinFunction.UartReceive;
            }
        }

        /// <summary>True when a nanoFramework pin function must be set before the peripheral is opened.</summary>
        public bool NeedsPinFunction
        {
            get { return DeviceFunction != Esp32BoardPins.PlainGpio; }
        }

        /// <summary>The pin map's text for a function (explicit switch: nanoFramework's Enum.ToString prints the number).</summary>
        public static string FunctionName(PinFunction function)
        {
            switch (function)
            {
                case PinFunction.DigitalOutput: return "digital out";
                case PinFunction.DigitalInput: return "digital in";
                case PinFunction.PwmOutput: return "PWM out";
                case PinFunction.SpiClock: return "SPI clock";
                case PinFunction.SpiDataOut: return "SPI MOSI";
                case PinFunction.SpiDataIn: return "SPI MISO";
                case PinFunction.SpiChipSelect: return "SPI chip select";
                case PinFunction.I2cData: return "I2C SDA";
                case PinFunction.I2cClock: return "I2C SCL";
                case PinFunction.UartTransmit: return "UART TX";
                case PinFunction.UartReceive: return "UART RX";
                default: return "unknown";
            }
        }

        /// <summary>The pin map's text for a reset level.</summary>
        public static string ResetLevelName(PinResetLevel level)
        {
            switch (level)
            {
                case PinResetLevel.Floating: return "floating";
                case PinResetLevel.PulledLow: return "low (pull-down)";
                case PinResetLevel.PulledHigh: return "high (pull-up)";
                default: return "unknown";
            }
        }
    }
}
