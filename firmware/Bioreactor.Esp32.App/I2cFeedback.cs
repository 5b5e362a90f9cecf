using System;
using System.Device.I2c;
using Bioreactor.Esp32.Application;
using Bioreactor.Esp32.Drivers;
using Iot.Device.Adc;
using Bioreactor.Control.Ports;

namespace Bioreactor.Esp32.App
{
    /// <summary>
    /// Bus glue of the INA219 heater current monitor on I2C1 (shared with the AS5600, the HAF and the port expander) through
    /// the nanoFramework.Iot.Device.Ina219 binding, read on the acquisition thread: each <see cref="Poll"/> reads the PGA and
    /// bus range back (a restarted chip has lost them: set up again), then the shunt and bus voltages, converted by the
    /// portable <see cref="Ina219CurrentMonitor"/> and published to the <see cref="AcquiredReading"/> the control tick reads.
    /// </summary>
    /// <remarks>
    /// The binding (nanoframework/nanoFramework.IoT.Device, devices/Ina219/Ina219.cs, namespace Iot.Device.Adc) waits for a
    /// conversion with a busy loop and allocates per register access: never on the control tick. Its current register is
    /// not used (see <see cref="Ina219CurrentMonitor"/>), nor its ShuntAdcResolutionOrSamples setter, which writes the bus
    /// ADC's field; the power-on ADC settings (12-bit, continuous) are the ones wanted. Each register access is a write of
    /// the register pointer then a read, two bus transactions: another thread's transaction with another chip between them
    /// leaves this chip's pointer as it was.
    /// </remarks>
    internal sealed class I2cHeaterCurrentMonitor : IPolledPart
    {
        private readonly Ina219 _chip;
        private readonly Ina219CurrentMonitor _monitor;
        private readonly AcquiredReading _reading;

        // Acquisition thread's own sample, converted into and then published (copied) to the reading the tick reads.
        private readonly SensorReading _sample = new SensorReading();

        // Ina219(I2cConnectionSettings) creates and owns the I2cDevice (I2cConnectionSettings(busId, address),
        // nanoframework/System.Device.I2c); the bus's pin functions are set by the composition before.
        public I2cHeaterCurrentMonitor(int busId, Ina219CurrentMonitor monitor, AcquiredReading reading)
        {
            _monitor = monitor;
            _reading = reading;
            _chip = new Ina219(new I2cConnectionSettings(busId, Ina219CurrentMonitor.I2cAddress));
            SetUp();
        }

        /// <inheritdoc />
        public void Poll(long nowMilliseconds)
        {
            try
            {
                bool configured = _chip.PgaSensitivity == Ina219PgaSensitivity.PlusOrMinus80mv
                    && _chip.BusVoltageRange == Ina219BusVoltageRange.Range32v;
                if (!configured)
                {
                    _monitor.Convert(false, 0.0, 0.0, nowMilliseconds, _sample);
                    _reading.Publish(_sample);
                    SetUp();
                    return;
                }

                double shuntVolts = _chip.ReadShuntVoltage().Volts;
                double busVolts = _chip.ReadBusVoltage().Volts;
                _monitor.Convert(true, shuntVolts, busVolts, nowMilliseconds, _sample);
                _reading.Publish(_sample);
            }
            catch (Exception)
            {
                _sample.Set(0.0, SensorStatus.NoResponse, nowMilliseconds);
                _reading.Publish(_sample);
            }
        }

        private void SetUp()
        {
            try
            {
                // Reset(): power-on values (32 V, ±320 mV, 12-bit, continuous); then the ±80 mV PGA (4.2 A × 10 mΩ = 42 mV).
                _chip.Reset();
                _chip.BusVoltageRange = Ina219BusVoltageRange.Range32v;
                _chip.PgaSensitivity = Ina219PgaSensitivity.PlusOrMinus80mv;
            }
            catch (Exception)
            {
                // Reported by the next Poll (settings read back wrong, or no response).
            }
        }
    }

    /// <summary>
    /// Bus glue of the Honeywell HAF flow sensor on I2C1: two reads discarded after power-up (they return the serial
    /// number), then per <see cref="Read"/> one 2-byte read handed to the portable <see cref="HafFlowSensor"/>.
    /// </summary>
    internal sealed class I2cFlowSensor : ISensor
    {
        private readonly I2cDevice _device;
        private readonly HafFlowSensor _sensor;
        private readonly IClock _clock;
        private readonly byte[] _flow = new byte[2];
        private int _toDiscard = HafFlowSensor.StartupReadsToDiscard;

        public I2cFlowSensor(int busId, int address, HafFlowSensor sensor, IClock clock)
        {
            _sensor = sensor;
            _clock = clock;
            _device = I2cDevice.Create(new I2cConnectionSettings(busId, address));
        }

        /// <inheritdoc />
        public void Read(SensorReading reading)
        {
            long now = _clock.MonotonicMilliseconds;
            try
            {
                // Read(SpanByte) returns I2cTransferResult (nanoframework/System.Device.I2c, I2cDevice.cs).
                I2cTransferResult r = _device.Read(_flow);
                if (r.Status != I2cTransferStatus.FullTransfer)
                {
                    _sensor.ReportNoResponse(now);
                }
                else if (_toDiscard > 0)
                {
                    _toDiscard--;
                    _sensor.ReportNoResponse(now);
                }
                else
                {
                    _sensor.Update(_flow[0], _flow[1], now);
                }
            }
            catch (Exception)
            {
                _sensor.ReportNoResponse(now);
            }

            _sensor.Read(reading);
        }
    }

    /// <summary>
    /// A TI TCA9534 8-bit I2C port expander driving the buzzer (P0) and status LED (P1) MOSFETs. Its pins are inputs after
    /// power-up (configuration register 03h = FFh, TCA9534 data sheet), so the gate pull-downs hold both off until
    /// <see cref="Start"/> writes the output register (01h) low and then makes P0/P1 outputs.
    /// </summary>
    internal sealed class Tca9534Outputs
    {
        private const byte OutputRegister = 0x01;
        private const byte ConfigurationRegister = 0x03;
        private readonly I2cDevice _device;
        private readonly byte[] _write = new byte[2];
        private readonly object _lock = new object();
        private byte _outputs;

        public Tca9534Outputs(int busId, int address)
        {
            _device = I2cDevice.Create(new I2cConnectionSettings(busId, address));
        }

        /// <summary>Writes all outputs low, then makes the used bits outputs.</summary>
        public void Start(byte outputMask)
        {
            lock (_lock)
            {
                _outputs = 0;
                Write(OutputRegister, 0);
                Write(ConfigurationRegister, (byte)~outputMask);
            }
        }

        /// <summary>An ISwitchedOutput for one bit.</summary>
        public ISwitchedOutput Output(int bit)
        {
            return new Bit(this, bit);
        }

        private void Set(int bit, bool on)
        {
            lock (_lock)
            {
                byte value = on ? (byte)(_outputs | (1 << bit)) : (byte)(_outputs & ~(1 << bit));
                if (value != _outputs)
                {
                    _outputs = value;
                    Write(OutputRegister, value);
                }
            }
        }

        private void Write(byte register, byte value)
        {
            _write[0] = register;
            _write[1] = value;
            try
            {
                _device.Write(_write);
            }
            catch (Exception)
            {
                // A failed buzzer/LED write must not stop the caller (the supervisor); the next change retries.
            }
        }

        private sealed class Bit : ISwitchedOutput
        {
            private readonly Tca9534Outputs _owner;
            private readonly int _bit;

            public Bit(Tca9534Outputs owner, int bit)
            {
                _owner = owner;
                _bit = bit;
            }

            public void Set(bool on)
            {
                _owner.Set(_bit, on);
            }
        }
    }
}
