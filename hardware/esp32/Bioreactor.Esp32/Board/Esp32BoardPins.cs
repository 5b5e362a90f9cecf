namespace Bioreactor.Esp32.Board
{
    /// <summary>
    /// The ESP32 board's pin map, the one source of truth: named GPIO and bus constants for the device glue, and
    /// <see cref="CreateTable"/>, the rows that hardware/esp32/README.md shows (a host test checks that the README's
    /// table equals this one and that the map keeps the ESP32's rules).
    /// </summary>
    /// <remarks>
    /// Module: ESP32-WROVER-E (ESP32-D0WD-V3, 3.3 V flash and PSRAM). Sources for the rules the map keeps: Espressif
    /// "ESP32 Series Datasheet" (strapping pins GPIO0/2/5/12/15 and their internal pulls, GPIO34–39 input only without
    /// pulls), "ESP32-WROVER-E Datasheet" (GPIO6–11 flash, GPIO16/17 PSRAM), ESP-IDF "SD Pull-up Requirements" (pulls at
    /// start-up: GPIO13/15 weak pull-up, GPIO2/4/12 weak pull-down; GPIO14, JTAG MTMS, is treated as pulled up). COM1 (GPIO1/3) stays the nanoFramework debug
    /// console. Every peripheral pin's function is set with nanoFramework.Hardware.Esp32
    /// Configuration.SetPinFunction(gpio, DeviceFunction.X) before the SPI, I2C, serial or PWM device is opened.
    /// </remarks>
    public static class Esp32BoardPins
    {
        /// <summary>The <see cref="BoardPin.DeviceFunction"/> of a pin opened with GpioController (no pin function).</summary>
        public const string PlainGpio = "GPIO";

        // ---- Buses -------------------------------------------------------------------------------------------

        /// <summary>SPI bus of the two MAX31865 RTD converters (nanoFramework SpiConnectionSettings busId; SPI1_* pins).</summary>
        public const int RtdSpiBus = 1;

        /// <summary>SPI bus of the microSD card (SDCardSpiParameters.spiBus; SPI2_* pins), separate so the card's
        /// mode-0 transfers and long writes never hold up a temperature read.</summary>
        public const int SdCardSpiBus = 2;

        /// <summary>
        /// The sensor I2C bus (I2cConnectionSettings busId; I2C1_* pins): the AS5600 angle sensor, the INA219 heater current
        /// monitor, the HAF CO2 flow sensor and the TCA9534 expander (buzzer, LED).
        /// </summary>
        public const int SensorI2cBus = 1;

        /// <summary>Serial port of the CO2 probe (COM1 is the nanoFramework debug console).</summary>
        public const string Co2SerialPort = "COM2";

        // ---- RTD converters (SPI1) ---------------------------------------------------------------------------

        /// <summary>SPI1 clock to both MAX31865 boards.</summary>
        public const int RtdClock = 18;

        /// <summary>SPI1 MOSI to both MAX31865 boards (SDI).</summary>
        public const int RtdDataOut = 23;

        /// <summary>SPI1 MISO from both MAX31865 boards (SDO); an input-only pin is enough.</summary>
        public const int RtdDataIn = 34;

        /// <summary>Chip select of the liquid probe's MAX31865.</summary>
        public const int LiquidRtdChipSelect = 5;

        /// <summary>Chip select of the heater plate probe's MAX31865.</summary>
        public const int PlateRtdChipSelect = 19;

        // ---- microSD card (SPI2) -----------------------------------------------------------------------------

        /// <summary>SPI2 clock to the microSD card.</summary>
        public const int SdClock = 14;

        /// <summary>SPI2 MOSI to the microSD card (card CMD/DI).</summary>
        public const int SdDataOut = 33;

        /// <summary>SPI2 MISO from the microSD card (card DAT0/DO).</summary>
        public const int SdDataIn = 39;

        /// <summary>Chip select of the microSD card (card DAT3/CS).</summary>
        public const int SdChipSelect = 15;

        // ---- CO2 probe (COM2) --------------------------------------------------------------------------------

        /// <summary>COM2 TX to the CO2 probe's Rx_In.</summary>
        public const int Co2Transmit = 32;

        /// <summary>COM2 RX from the CO2 probe's Tx_Out.</summary>
        public const int Co2Receive = 35;

        // ---- Sensor I2C bus (I2C1) -------------------------------------------------------------------------

        /// <summary>I2C1 SDA to the AS5600, INA219, HAF flow sensor and TCA9534.</summary>
        public const int SensorI2cData = 21;

        /// <summary>I2C1 SCL to the AS5600, INA219, HAF flow sensor and TCA9534.</summary>
        public const int SensorI2cClock = 22;

        // ---- Actuators and switches --------------------------------------------------------------------------

        /// <summary>Gate of the heater plate's MOSFET (high = heating).</summary>
        public const int HeaterGate = 4;

        /// <summary>Gate of the CO2 solenoid valve's MOSFET (high = valve open).</summary>
        public const int Co2ValveGate = 25;

        /// <summary>TMC2209 STEP, a PWM output whose frequency is the step rate.</summary>
        public const int StepperStep = 26;

        /// <summary>TMC2209 DIR.</summary>
        public const int StepperDirection = 27;

        /// <summary>TMC2209 ENN (low = driver enabled, high = motor outputs off).</summary>
        public const int StepperEnable = 13;

        /// <summary>Lid reed switch (high = lid open).</summary>
        public const int DoorSwitch = 36;

        /// <summary>
        /// Gate of the heater supply relay's coil driver (high = relay energised, contacts closed): the second, independent
        /// switch in series with the heater MOSFET. Low in reset (gate pull-down, and MTDI must be low for the 3.3 V flash).
        /// </summary>
        public const int HeaterSupplyRelay = 12;

        /// <summary>Gate of the upstream CO2 shut-off valve's MOSFET (high = valve open; normally closed).</summary>
        public const int Co2ShutOffGate = 2;

        /// <summary>7-bit I2C address of the TCA9534 port expander on I2C1 (A2 = A1 = A0 = GND) driving the buzzer and LED.</summary>
        public const int IoExpanderI2cAddress = 0x20;

        /// <summary>Expander port bit of the buzzer MOSFET's gate (high = sounding).</summary>
        public const int IoExpanderBuzzerBit = 0;

        /// <summary>Expander port bit of the status LED (high = lit).</summary>
        public const int IoExpanderStatusLedBit = 1;

        /// <summary>7-bit I2C address of the INA219 heater current monitor on I2C1 (A1 = A0 = GND).</summary>
        public const int HeaterCurrentMonitorI2cAddress = 0x40;

        /// <summary>7-bit I2C address of the HAF CO2 flow sensor on I2C1 (set by the part's order code; check the ordered part).</summary>
        public const int Co2FlowSensorI2cAddress = 0x49;

        /// <summary>nanoFramework DeviceFunction of the STEP pin (PwmChannel.CreateFromPin after SetPinFunction).</summary>
        public const string StepperStepPwmFunction = "PWM1";

        /// <summary>
        /// Builds the pin map, one row per used GPIO in ascending order. A fresh array each call (no shared mutable
        /// state); call it at start-up, not on the periodic path.
        /// </summary>
        public static BoardPin[] CreateTable()
        {
            return new BoardPin[]
            {
                new BoardPin(Co2ShutOffGate, "CO2_SHUTOFF_GATE", PinFunction.DigitalOutput, PlainGpio, PinResetLevel.PulledLow,
                    "IRLB8721 shut-off valve MOSFET", "strapping pin; 10 kΩ gate pull-down and the internal pull-down keep it low, as flashing needs: upstream CO2 valve closed in reset"),
                new BoardPin(HeaterGate, "HEATER_GATE", PinFunction.DigitalOutput, PlainGpio, PinResetLevel.PulledLow,
                    "IRLB8721 heater MOSFET", "10 kΩ gate pull-down: heater off in reset"),
                new BoardPin(LiquidRtdChipSelect, "RTD_LIQUID_CS", PinFunction.SpiChipSelect, PlainGpio, PinResetLevel.PulledHigh,
                    "MAX31865 (liquid)", "strapping pin; 10 kΩ pull-up matches its internal pull-up and keeps the chip deselected"),
                new BoardPin(HeaterSupplyRelay, "HEATER_SUPPLY_RELAY", PinFunction.DigitalOutput, PlainGpio, PinResetLevel.PulledLow,
                    "2N7002 relay-coil driver", "strapping pin MTDI: must be low at reset for the 3.3 V flash; 10 kΩ pull-down, relay open (heater unpowered) in reset"),
                new BoardPin(StepperEnable, "STEPPER_EN", PinFunction.DigitalOutput, PlainGpio, PinResetLevel.PulledHigh,
                    "TMC2209 ENN", "10 kΩ pull-up: motor outputs off in reset"),
                new BoardPin(SdClock, "SD_SCK", PinFunction.SpiClock, "SPI2_CLOCK", PinResetLevel.Floating,
                    "microSD", "card deselected by SD_CS in reset"),
                new BoardPin(SdChipSelect, "SD_CS", PinFunction.SpiChipSelect, PlainGpio, PinResetLevel.PulledHigh,
                    "microSD", "strapping pin MTDO; 10 kΩ pull-up matches its internal pull-up and the SD bus pull-up"),
                new BoardPin(RtdClock, "RTD_SCK", PinFunction.SpiClock, "SPI1_CLOCK", PinResetLevel.Floating,
                    "MAX31865 (both)", "chips deselected by their CS pull-ups in reset"),
                new BoardPin(PlateRtdChipSelect, "RTD_PLATE_CS", PinFunction.SpiChipSelect, PlainGpio, PinResetLevel.PulledHigh,
                    "MAX31865 (plate)", "10 kΩ pull-up: chip deselected in reset"),
                new BoardPin(SensorI2cData, "SENSOR_SDA", PinFunction.I2cData, "I2C1_DATA", PinResetLevel.PulledHigh,
                    "AS5600, INA219, HAF flow sensor, TCA9534", "4.7 kΩ I2C pull-up"),
                new BoardPin(SensorI2cClock, "SENSOR_SCL", PinFunction.I2cClock, "I2C1_CLOCK", PinResetLevel.PulledHigh,
                    "AS5600, INA219, HAF flow sensor, TCA9534", "4.7 kΩ I2C pull-up"),
                new BoardPin(RtdDataOut, "RTD_MOSI", PinFunction.SpiDataOut, "SPI1_MOSI", PinResetLevel.Floating,
                    "MAX31865 (both)", "chips deselected in reset"),
                new BoardPin(Co2ValveGate, "CO2_VALVE_GATE", PinFunction.DigitalOutput, PlainGpio, PinResetLevel.PulledLow,
                    "IRLB8721 valve MOSFET", "10 kΩ gate pull-down: valve closed in reset"),
                new BoardPin(StepperStep, "STEPPER_STEP", PinFunction.PwmOutput, StepperStepPwmFunction, PinResetLevel.PulledLow,
                    "TMC2209 STEP", "10 kΩ pull-down: no step edges in reset"),
                new BoardPin(StepperDirection, "STEPPER_DIR", PinFunction.DigitalOutput, PlainGpio, PinResetLevel.Floating,
                    "TMC2209 DIR", "irrelevant while STEPPER_EN disables the driver"),
                new BoardPin(Co2Transmit, "CO2_TX", PinFunction.UartTransmit, "COM2_TX", PinResetLevel.PulledHigh,
                    "SprintIR-WF-20 Rx_In", "10 kΩ pull-up: UART idle level in reset"),
                new BoardPin(SdDataOut, "SD_MOSI", PinFunction.SpiDataOut, "SPI2_MOSI", PinResetLevel.PulledHigh,
                    "microSD", "10 kΩ pull-up on CMD (SD bus rule)"),
                new BoardPin(RtdDataIn, "RTD_MISO", PinFunction.SpiDataIn, "SPI1_MISO", PinResetLevel.Floating,
                    "MAX31865 (both)", "input only"),
                new BoardPin(Co2Receive, "CO2_RX", PinFunction.UartReceive, "COM2_RX", PinResetLevel.Floating,
                    "SprintIR-WF-20 Tx_Out", "input only; driven by the probe"),
                new BoardPin(DoorSwitch, "DOOR_SWITCH", PinFunction.DigitalInput, PlainGpio, PinResetLevel.PulledHigh,
                    "reed switch to GND", "input only (no internal pulls): 10 kΩ pull-up; open lid or broken wire reads high"),
                new BoardPin(SdDataIn, "SD_MISO", PinFunction.SpiDataIn, "SPI2_MISO", PinResetLevel.PulledHigh,
                    "microSD", "input only: 10 kΩ pull-up on DAT0 (SD bus rule)"),
            };
        }
    }
}
