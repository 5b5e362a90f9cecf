using System;
using System.Device.I2c;
using Bioreactor.Esp32.Drivers;
using Bioreactor.Control.Ports;

namespace Bioreactor.Firmware
{
    /// <summary>
    /// Bus glue of the INA219 heater current monitor on I2C1 (shared with the AS5600): configuration once and whenever the
    /// chip was found reset; per <see cref="Read"/>, configuration (00h), shunt voltage (01h) and bus voltage (02h) with
    /// three write-read transfers, handed to the portable <see cref="Ina219CurrentMonitor"/>.
    /// </summary>
    /// <remarks>
    /// The nanoFramework.Iot.Device.Ina219 binding (nanoframework/nanoFramework.IoT.Device, devices/Ina219/Ina219.cs) is not
    /// used on the periodic path: its ReadRegister allocates a new byte[2] per read, ReadCurrent rewrites the calibration
    /// register on every call and waits for a conversion, and the current register it reads depends on a calibration
    /// register that a chip reset clears to 0 (a reset chip would read 0 A, the failed-off signature). Like the MAX31865
    /// glue, this reads the raw registers into preallocated buffers; the conversion is the core's, tested on the host.
    /// </remarks>
    internal sealed class I2cHeaterCurrentMonitor : ISensor
    {
        private readonly I2cDevice _device;
        private readonly Ina219CurrentMonitor _monitor;
        private readonly IClock _clock;
        private readonly byte[] _configurationWrite = new byte[3];
        private readonly byte[] _configurationAddress = new byte[] { Ina219CurrentMonitor.ConfigurationRegister };
        private readonly byte[] _shuntAddress = new byte[] { Ina219CurrentMonitor.ShuntVoltageRegister };
        private readonly byte[] _busAddress = new byte[] { Ina219CurrentMonitor.BusVoltageRegister };
        private readonly byte[] _configuration = new byte[2];
        private readonly byte[] _shunt = new byte[2];
        private readonly byte[] _bus = new byte[2];

        // I2cConnectionSettings(busId, address) and I2cDevice.Create (nanoframework/System.Device.I2c); the bus's pin
        // functions are set by the composition before (Configuration.SetPinFunction, I2C1_DATA/I2C1_CLOCK).
        public I2cHeaterCurrentMonitor(int busId, Ina219CurrentMonitor monitor, IClock clock)
        {
            _monitor = monitor;
            _clock = clock;
            Ina219CurrentMonitor.FillConfigurationWrite(_configurationWrite, 0);
            _device = I2cDevice.Create(new I2cConnectionSettings(busId, Ina219CurrentMonitor.I2cAddress));
        }

        /// <inheritdoc />
        public SensorReading Read()
        {
            long now = _clock.MonotonicMilliseconds;
            try
            {
                if (_monitor.ConfigurationWriteNeeded)
                {
                    // Write(SpanByte) returns I2cTransferResult (nanoframework/System.Device.I2c, I2cDevice.cs).
                    if (_device.Write(_configurationWrite).Status == I2cTransferStatus.FullTransfer)
                    {
                        _monitor.ConfigurationWritten();
                    }
                }

                I2cTransferResult c = _device.WriteRead(_configurationAddress, _configuration);
                I2cTransferResult s = _device.WriteRead(_shuntAddress, _shunt);
                I2cTransferResult b = _device.WriteRead(_busAddress, _bus);
                if (c.Status != I2cTransferStatus.FullTransfer || s.Status != I2cTransferStatus.FullTransfer
                    || b.Status != I2cTransferStatus.FullTransfer)
                {
                    _monitor.ReportNoResponse(now);
                }
                else
                {
                    _monitor.Update(_configuration[0], _configuration[1], _shunt[0], _shunt[1], _bus[0], _bus[1], now);
                }
            }
            catch (Exception)
            {
                _monitor.ReportNoResponse(now);
            }

            return _monitor.Read();
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
        public SensorReading Read()
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

            return _sensor.Read();
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
