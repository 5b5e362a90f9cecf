using System;
using System.Device.I2c;
using Bioreactor.Esp32.Drivers;
using Bioreactor.Control.Ports;
using nanoFramework.Hardware.Esp32;

namespace Bioreactor.Esp32.App
{
    /// <summary>
    /// Bus glue of the AS5600 platform angle sensor on I2C1: per <see cref="Read"/>, STATUS (0Bh) then RAW ANGLE (0Ch–0Dh)
    /// with two write-read transfers, handed to the portable <see cref="As5600AngleSensor"/>. Two short transfers at
    /// 400 kHz take well under a millisecond.
    /// </summary>
    internal sealed class I2cAngleSensor : ISensor
    {
        private readonly I2cDevice _device;
        private readonly As5600AngleSensor _sensor;
        private readonly IClock _clock;
        private readonly byte[] _statusAddress = new byte[] { As5600AngleSensor.StatusRegister };
        private readonly byte[] _angleAddress = new byte[] { As5600AngleSensor.RawAngleRegister };
        private readonly byte[] _status = new byte[1];
        private readonly byte[] _angle = new byte[2];

        public I2cAngleSensor(int busId, int dataGpio, int clockGpio, As5600AngleSensor sensor, IClock clock)
        {
            _sensor = sensor;
            _clock = clock;

            // DeviceFunction.I2C1_DATA / I2C1_CLOCK (nanoframework/nanoFramework.Hardware.Esp32, DeviceTypePins.cs).
            Configuration.SetPinFunction(dataGpio, DeviceFunction.I2C1_DATA);
            Configuration.SetPinFunction(clockGpio, DeviceFunction.I2C1_CLOCK);

            // I2cConnectionSettings(int busId, int deviceAddress) (400 kHz FastMode, shared) and I2cDevice.Create(settings)
            // (nanoframework/System.Device.I2c, I2cConnectionSettings.cs, I2cDevice.cs, I2cTransferResult.cs).
            _device = I2cDevice.Create(new I2cConnectionSettings(busId, As5600AngleSensor.I2cAddress));
        }

        /// <inheritdoc />
        public void Read(SensorReading reading)
        {
            long now = _clock.MonotonicMilliseconds;
            try
            {
                // WriteRead(write, read) returns I2cTransferResult with Status (I2cTransferStatus.FullTransfer on success).
                // byte[] converts implicitly to the 1.x SpanByte parameters (nanoframework/CoreLibrary, System/SpanByte.cs).
                I2cTransferResult status = _device.WriteRead(_statusAddress, _status);
                I2cTransferResult angle = _device.WriteRead(_angleAddress, _angle);
                if (status.Status != I2cTransferStatus.FullTransfer || angle.Status != I2cTransferStatus.FullTransfer)
                {
                    _sensor.ReportNoResponse(now);
                }
                else
                {
                    _sensor.Update(_status[0], _angle[0], _angle[1], now);
                }
            }
            catch (Exception)
            {
                _sensor.ReportNoResponse(now);
            }

            _sensor.Read(reading);
        }
    }
}
