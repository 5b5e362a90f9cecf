using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Bioreactor.Esp32.Board;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Control.Tests.HostOnly.Esp32Board
{
    /// <summary>
    /// The ESP32 board's pin map: the README's table (hardware/esp32/README.md) must equal the code's
    /// (<see cref="Esp32BoardPins.CreateTable"/>), and the map must keep the ESP32-WROVER-E's rules. Host only: it reads
    /// a file. The rules are written here independently of the board class, from Espressif's documents:
    /// "ESP32 Series Datasheet" (strapping pins, input-only pins), "ESP32-WROVER-E Datasheet" (flash GPIO6–11, PSRAM
    /// GPIO16/17, pins brought out), ESP-IDF "SD Pull-up Requirements" (pulls at start-up).
    /// </summary>
    [TestClass]
    public class Esp32PinMapTests
    {
        private const string BeginMarker = "<!-- pin-map:begin -->";
        private const string EndMarker = "<!-- pin-map:end -->";

        /// <summary>GPIOs brought out on the ESP32-WROVER-E, minus GPIO6–11 (flash) and GPIO16/17 (PSRAM).</summary>
        private static readonly int[] UsableGpios = { 0, 1, 2, 3, 4, 5, 12, 13, 14, 15, 18, 19, 21, 22, 23, 25, 26, 27, 32, 33, 34, 35, 36, 39 };

        /// <summary>COM1 TX/RX: the nanoFramework debug console and the ROM bootloader's download port.</summary>
        private static readonly int[] ConsoleGpios = { 1, 3 };

        /// <summary>Input only, and without internal pull resistors (ESP32 datasheet).</summary>
        private static readonly int[] InputOnlyGpios = { 34, 35, 36, 37, 38, 39 };

        /// <summary>Weak pull-up during reset: strapping GPIO0/5/15, GPIO13 (ESP-IDF SD pull-up table), GPIO14 (JTAG MTMS, treated as pulled up to be safe).</summary>
        private static readonly int[] PulledUpAtReset = { 0, 5, 13, 14, 15 };

        /// <summary>Weak pull-down during reset (strapping GPIO2/12, and GPIO4).</summary>
        private static readonly int[] PulledDownAtReset = { 2, 4, 12 };

        /// <summary>Members of nanoFramework.Hardware.Esp32.DeviceFunction the board may use
        /// (nanoframework/nanoFramework.Hardware.Esp32, nanoFramework.Hardware.Esp32/DeviceTypePins.cs).</summary>
        private static readonly HashSet<string> DeviceFunctions = BuildDeviceFunctions();

        private static HashSet<string> BuildDeviceFunctions()
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (string spi in new[] { "SPI1", "SPI2" })
            {
                names.Add(spi + "_MOSI");
                names.Add(spi + "_MISO");
                names.Add(spi + "_CLOCK");
            }

            foreach (string i2c in new[] { "I2C1", "I2C2" })
            {
                names.Add(i2c + "_DATA");
                names.Add(i2c + "_CLOCK");
            }

            for (int com = 1; com <= 4; com++)
            {
                names.Add("COM" + com.ToString(CultureInfo.InvariantCulture) + "_TX");
                names.Add("COM" + com.ToString(CultureInfo.InvariantCulture) + "_RX");
            }

            for (int pwm = 1; pwm <= 16; pwm++)
            {
                names.Add("PWM" + pwm.ToString(CultureInfo.InvariantCulture));
            }

            return names;
        }

        private static string ReadmePath()
        {
            return Path.Combine(AppContext.BaseDirectory, "esp32", "README.md");
        }

        private static string[] Row(BoardPin pin)
        {
            return new[]
            {
                pin.Gpio.ToString(CultureInfo.InvariantCulture), pin.Signal, BoardPin.FunctionName(pin.Function),
                pin.DeviceFunction, BoardPin.ResetLevelName(pin.ResetLevel), pin.Part, pin.Note,
            };
        }

        private static List<string[]> ReadmeRows()
        {
            string text = File.ReadAllText(ReadmePath());
            int begin = text.IndexOf(BeginMarker, StringComparison.Ordinal);
            int end = text.IndexOf(EndMarker, StringComparison.Ordinal);
            Assert.IsTrue(begin >= 0 && end > begin, "README.md has the pin-map markers");
            string[] lines = text.Substring(begin + BeginMarker.Length, end - begin - BeginMarker.Length)
                .Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
            var rows = new List<string[]>();
            foreach (string raw in lines)
            {
                string line = raw.Trim();
                if (line.Length == 0)
                {
                    continue;
                }

                Assert.IsTrue(line.StartsWith('|') && line.EndsWith('|'), "table line: " + line);
                string[] cells = line.Substring(1, line.Length - 2).Split('|').Select(c => c.Trim()).ToArray();
                rows.Add(cells);
            }

            Assert.IsTrue(rows.Count >= 2, "header and separator");
            CollectionAssert.AreEqual(
                new[] { "GPIO", "Signal", "Function", "nanoFramework pin function", "Level in reset", "Part", "Note" },
                rows[0], "header");
            Assert.IsTrue(rows[1].All(c => c.Length > 0 && c.Trim('-', ':').Length == 0), "separator row");
            return rows.Skip(2).ToList();
        }

        [TestMethod]
        public void ReadmePinTableEqualsTheBoardDefinition()
        {
            List<string[]> readme = ReadmeRows();
            BoardPin[] pins = Esp32BoardPins.CreateTable();
            Assert.AreEqual(pins.Length, readme.Count, "row count");
            for (int i = 0; i < pins.Length; i++)
            {
                CollectionAssert.AreEqual(Row(pins[i]), readme[i], "row " + i.ToString(CultureInfo.InvariantCulture)
                    + " (GPIO " + pins[i].Gpio.ToString(CultureInfo.InvariantCulture) + "): README | "
                    + string.Join(" | ", readme[i]) + " | vs code | " + string.Join(" | ", Row(pins[i])) + " |");
            }
        }

        [TestMethod]
        public void NoPinOrSignalOrPeripheralFunctionIsUsedTwice()
        {
            BoardPin[] pins = Esp32BoardPins.CreateTable();
            Assert.AreEqual(pins.Length, pins.Select(p => p.Gpio).Distinct().Count(), "GPIO used twice");
            Assert.AreEqual(pins.Length, pins.Select(p => p.Signal).Distinct().Count(), "signal named twice");
            string[] functions = pins.Where(p => p.NeedsPinFunction).Select(p => p.DeviceFunction).ToArray();
            Assert.AreEqual(functions.Length, functions.Distinct().Count(), "device function assigned twice");
            CollectionAssert.AreEqual(pins.Select(p => p.Gpio).OrderBy(g => g).ToArray(), pins.Select(p => p.Gpio).ToArray(),
                "rows in GPIO order");
        }

        [TestMethod]
        public void OnlyUsablePinsAreUsedAndTheConsoleIsLeftAlone()
        {
            foreach (BoardPin pin in Esp32BoardPins.CreateTable())
            {
                Assert.IsTrue(UsableGpios.Contains(pin.Gpio), pin.Signal + ": GPIO" + pin.Gpio + " is flash, PSRAM or not brought out");
                Assert.IsFalse(ConsoleGpios.Contains(pin.Gpio), pin.Signal + ": GPIO1/3 are COM1, the debug console");
                Assert.IsFalse(pin.Gpio >= 6 && pin.Gpio <= 11, pin.Signal + ": flash pin");
            }
        }

        [TestMethod]
        public void InputOnlyPinsAreInputsWithExternalPullsWhereTheyNeedALevel()
        {
            foreach (BoardPin pin in Esp32BoardPins.CreateTable().Where(p => InputOnlyGpios.Contains(p.Gpio)))
            {
                Assert.IsFalse(pin.IsDrivenByEsp32, pin.Signal + ": GPIO" + pin.Gpio + " is input only");
                if (pin.Function == PinFunction.DigitalInput)
                {
                    Assert.AreNotEqual(PinResetLevel.Floating, pin.ResetLevel, pin.Signal + ": no internal pull on GPIO34-39");
                }
            }
        }

        [TestMethod]
        public void StrappingPinsKeepANormalBootAndAreJustified()
        {
            foreach (BoardPin pin in Esp32BoardPins.CreateTable())
            {
                string what = pin.Signal + " on GPIO" + pin.Gpio.ToString(CultureInfo.InvariantCulture);
                switch (pin.Gpio)
                {
                    case 0:
                        Assert.AreNotEqual(PinResetLevel.PulledLow, pin.ResetLevel, what + ": low selects download mode");
                        break;
                    case 2:
                        Assert.AreNotEqual(PinResetLevel.PulledHigh, pin.ResetLevel, what + ": must be low/floating to flash");
                        break;
                    case 5:
                    case 15:
                        Assert.AreNotEqual(PinResetLevel.PulledLow, pin.ResetLevel, what + ": changes SDIO timing / boot log");
                        break;
                    case 12:
                        Assert.AreNotEqual(PinResetLevel.PulledHigh, pin.ResetLevel, what + ": high selects 1.8 V flash");
                        break;
                    default:
                        continue;
                }

                StringAssert.Contains(pin.Note, "strapping", what + ": the note must justify a strapping pin");
            }
        }

        [TestMethod]
        public void ResetLevelsDoNotFightTheChipsOwnPulls()
        {
            foreach (BoardPin pin in Esp32BoardPins.CreateTable().Where(p => p.IsDrivenByEsp32))
            {
                string what = pin.Signal + " on GPIO" + pin.Gpio.ToString(CultureInfo.InvariantCulture);
                if (pin.ResetLevel == PinResetLevel.PulledLow)
                {
                    Assert.IsFalse(PulledUpAtReset.Contains(pin.Gpio), what + ": must be low in reset but the pin is pulled up");
                }

                if (pin.ResetLevel == PinResetLevel.PulledHigh)
                {
                    Assert.IsFalse(PulledDownAtReset.Contains(pin.Gpio), what + ": must be high in reset but the pin is pulled down");
                }
            }
        }

        [TestMethod]
        public void ActuatorsAreOffAndChipsDeselectedWhileTheEsp32IsInReset()
        {
            Dictionary<string, BoardPin> bySignal = Esp32BoardPins.CreateTable().ToDictionary(p => p.Signal);
            Assert.AreEqual(PinResetLevel.PulledLow, bySignal["HEATER_GATE"].ResetLevel, "heater off");
            Assert.AreEqual(PinResetLevel.PulledLow, bySignal["CO2_VALVE_GATE"].ResetLevel, "valve closed");
            Assert.AreEqual(PinResetLevel.PulledHigh, bySignal["STEPPER_EN"].ResetLevel, "motor driver disabled (ENN high)");
            Assert.AreEqual(PinResetLevel.PulledLow, bySignal["STEPPER_STEP"].ResetLevel, "no step edges");
            Assert.AreEqual(PinResetLevel.PulledLow, bySignal["HEATER_SUPPLY_RELAY"].ResetLevel, "supply relay open: heater unpowered");
            Assert.AreEqual(PinResetLevel.PulledLow, bySignal["CO2_SHUTOFF_GATE"].ResetLevel, "upstream CO2 valve closed");
            Assert.AreEqual(Esp32BoardPins.HeaterSupplyRelay, bySignal["HEATER_SUPPLY_RELAY"].Gpio, "constant and table agree");
            Assert.AreEqual(Esp32BoardPins.Co2ShutOffGate, bySignal["CO2_SHUTOFF_GATE"].Gpio, "constant and table agree");
            foreach (BoardPin pin in bySignal.Values.Where(p => p.Function == PinFunction.SpiChipSelect))
            {
                Assert.AreEqual(PinResetLevel.PulledHigh, pin.ResetLevel, pin.Signal + ": deselected");
            }

            Assert.AreEqual(Esp32BoardPins.HeaterGate, bySignal["HEATER_GATE"].Gpio, "constant and table agree");
            Assert.AreEqual(Esp32BoardPins.Co2ValveGate, bySignal["CO2_VALVE_GATE"].Gpio, "constant and table agree");
            Assert.AreEqual(Esp32BoardPins.StepperEnable, bySignal["STEPPER_EN"].Gpio, "constant and table agree");
        }

        [TestMethod]
        public void PeripheralPinsNameRealDeviceFunctionsOnTheBoardsBuses()
        {
            string rtdSpi = "SPI" + Esp32BoardPins.RtdSpiBus.ToString(CultureInfo.InvariantCulture);
            string sdSpi = "SPI" + Esp32BoardPins.SdCardSpiBus.ToString(CultureInfo.InvariantCulture);
            string sensorI2c = "I2C" + Esp32BoardPins.SensorI2cBus.ToString(CultureInfo.InvariantCulture);
            foreach (BoardPin pin in Esp32BoardPins.CreateTable())
            {
                string what = pin.Signal + " (" + pin.DeviceFunction + ")";
                bool needsFunction = pin.Function != PinFunction.DigitalInput && pin.Function != PinFunction.DigitalOutput
                    && pin.Function != PinFunction.SpiChipSelect;
                Assert.AreEqual(needsFunction, pin.NeedsPinFunction, what + ": a peripheral pin needs SetPinFunction, a GPIO not");
                if (!needsFunction)
                {
                    Assert.AreEqual(Esp32BoardPins.PlainGpio, pin.DeviceFunction, what);
                    continue;
                }

                Assert.IsTrue(DeviceFunctions.Contains(pin.DeviceFunction), what + ": not a nanoFramework DeviceFunction");
                string expectedSuffix = pin.Function switch
                {
                    PinFunction.SpiClock => "_CLOCK",
                    PinFunction.SpiDataOut => "_MOSI",
                    PinFunction.SpiDataIn => "_MISO",
                    PinFunction.I2cData => "_DATA",
                    PinFunction.I2cClock => "_CLOCK",
                    PinFunction.UartTransmit => "_TX",
                    PinFunction.UartReceive => "_RX",
                    _ => string.Empty,
                };
                StringAssert.EndsWith(pin.DeviceFunction, expectedSuffix, what + ": function and pin role disagree");
                string bus = pin.DeviceFunction.Split('_')[0];
                if (pin.Signal.StartsWith("RTD_", StringComparison.Ordinal))
                {
                    Assert.AreEqual(rtdSpi, bus, what);
                }
                else if (pin.Signal.StartsWith("SD_", StringComparison.Ordinal))
                {
                    Assert.AreEqual(sdSpi, bus, what);
                }
                else if (pin.Signal.StartsWith("SENSOR_", StringComparison.Ordinal))
                {
                    Assert.AreEqual(sensorI2c, bus, what);
                }
                else if (pin.Signal.StartsWith("CO2_", StringComparison.Ordinal))
                {
                    Assert.AreEqual(Esp32BoardPins.Co2SerialPort, bus, what);
                    Assert.AreNotEqual("COM1", bus, what + ": COM1 is the debug console");
                }
                else
                {
                    Assert.AreEqual(PinFunction.PwmOutput, pin.Function, what);
                    StringAssert.StartsWith(bus, "PWM", what);
                }
            }
        }
    }
}
