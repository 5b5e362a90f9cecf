using System;
using System.Device.Spi;
using Bioreactor.Esp32.Drivers;
using Bioreactor.Control.Ports;

namespace Bioreactor.Firmware
{
    /// <summary>
    /// Bus glue of one PT100 on a MAX31865: moves the portable <see cref="Max31865Probe"/>'s bytes over SPI (mode 1, MSB
    /// first, 1 MHz: MAX31865 data sheet, "Serial Interface", CPHA = 1, at most 5 MHz). Each <see cref="Read"/> does one
    /// 9-byte register read (about 80 µs at 1 MHz) and returns the converted sample; the chip converts continuously
    /// (automatic conversion), so nothing waits. The nanoFramework.Iot.Device.Max31865 binding is not used: see the
    /// remarks of <see cref="Max31865Probe"/>.
    /// </summary>
    internal sealed class SpiRtdProbe : ISensor
    {
        private readonly SpiDevice _device;
        private readonly Max31865Probe _probe;
        private readonly IClock _clock;
        private readonly byte[] _write = new byte[Max31865Probe.ReadTransferLength];
        private readonly byte[] _read = new byte[Max31865Probe.ReadTransferLength];
        private readonly byte[] _command = new byte[Max31865Probe.MaximumWriteLength];

        /// <summary>Opens the chip on <paramref name="busId"/> with chip select <paramref name="chipSelectGpio"/> and configures it.</summary>
        public SpiRtdProbe(int busId, int chipSelectGpio, Max31865Probe probe, IClock clock)
        {
            _probe = probe;
            _clock = clock;

            // SpiConnectionSettings(int busId, int chipSelectLine) with Mode, ClockFrequency, DataFlow properties;
            // SpiDevice.Create(SpiConnectionSettings) (nanoframework/System.Device.Spi, SpiConnectionSettings.cs, SpiDevice.cs).
            var settings = new SpiConnectionSettings(busId, chipSelectGpio);
            settings.Mode = SpiMode.Mode1;
            settings.ClockFrequency = 1000000;
            settings.DataFlow = DataFlow.MsbFirst;
            _device = SpiDevice.Create(settings);

            Send(_probe.FillConfigurationWrite(_command, 0));
            Send(_probe.FillThresholdWrite(_command, 0));
            Send(_probe.FillFaultClearWrite(_command, 0));
            int n = _probe.FillRegisterReadRequest(_write, 0);
            if (n != _write.Length)
            {
                throw new InvalidOperationException("unexpected MAX31865 read length");
            }
        }

        /// <inheritdoc />
        public SensorReading Read()
        {
            long now = _clock.MonotonicMilliseconds;
            try
            {
                // TransferFullDuplex(SpanByte, SpanByte): byte[] converts implicitly to SpanByte (nanoframework/CoreLibrary,
                // System/SpanByte.cs). The 1.x SpiDevice copies through temporary arrays on each transfer
                // (System.Device.Spi/SpiDevice.cs): a small allocation per read that this glue cannot avoid.
                _device.TransferFullDuplex(_write, _read);
                _probe.Update(_read, 1, now);
                if (_probe.ConfigurationWriteNeeded)
                {
                    Send(_probe.FillConfigurationWrite(_command, 0));
                    Send(_probe.FillThresholdWrite(_command, 0));
                }

                if (_probe.FaultClearNeeded)
                {
                    Send(_probe.FillFaultClearWrite(_command, 0));
                }
            }
            catch (Exception)
            {
                _probe.ReportNoResponse(now);
            }

            return _probe.Read();
        }

        private void Send(int count)
        {
            if (count <= 0)
            {
                return;
            }

            // Exactly count bytes: the write is the address byte followed by data, and CS framing ends it.
            byte[] write = new byte[count];
            byte[] read = new byte[count];
            Array.Copy(_command, write, count);
            _device.TransferFullDuplex(write, read);
        }
    }
}
