using System;
using System.Device.Spi;
using Bioreactor.Control.Ports;
using Bioreactor.Esp32.Application;
using Bioreactor.Esp32.Drivers;
using Iot.Device.Max31865;
using UnitsNet;

namespace Bioreactor.Esp32.App
{
    /// <summary>
    /// Bus glue of one PT100 on a MAX31865 through the nanoFramework.Iot.Device.Max31865 binding, read on the acquisition
    /// thread: each <see cref="Poll"/> runs one conversion (the binding blocks about 75 ms in Thread.Sleep and allocates
    /// its buffers), reads the fault flags that belong to it, converts both with the portable <see cref="Max31865Probe"/>
    /// and publishes the sample to the <see cref="AcquiredReading"/> the control tick reads.
    /// </summary>
    internal sealed class SpiRtdProbe : IPolledPart
    {
        private readonly Max31865 _chip;
        private readonly Max31865Probe _probe;
        private readonly AcquiredReading _reading;

        // Acquisition thread's own sample, converted into and then published (copied) to the reading the tick reads.
        private readonly SensorReading _sample = new SensorReading();

        /// <summary>Opens the chip on <paramref name="busId"/> with chip select <paramref name="chipSelectGpio"/>.</summary>
        public SpiRtdProbe(int busId, int chipSelectGpio, Max31865Probe probe, AcquiredReading reading)
        {
            _probe = probe;
            _reading = reading;

            // SpiConnectionSettings(int busId, int chipSelectLine) with Mode, ClockFrequency, DataFlow properties;
            // SpiDevice.Create (nanoframework/System.Device.Spi). The binding's constants: mode 1, MSB first
            // (nanoframework/nanoFramework.IoT.Device, devices/Max31865/Max31865.cs); 1 MHz, well under its 5 MHz maximum.
            var settings = new SpiConnectionSettings(busId, chipSelectGpio);
            settings.Mode = Max31865.SpiMode1;
            settings.ClockFrequency = 1000000;
            settings.DataFlow = Max31865.SpiDataFlow;

            // Max31865(SpiDevice, PlatinumResistanceThermometerType, ResistanceTemperatureDetectorWires, ElectricResistance
            // referenceResistor, ConversionFilterMode, bool shouldDispose): writes the configuration register once.
            _chip = new Max31865(
                SpiDevice.Create(settings),
                probe.NominalOhms == 1000.0 ? PlatinumResistanceThermometerType.Pt1000 : PlatinumResistanceThermometerType.Pt100,
                (ResistanceTemperatureDetectorWires)probe.Wires,
                ElectricResistance.FromOhms(probe.ReferenceOhms),
                probe.MainsFilter50Hz ? ConversionFilterMode.Filter50Hz : ConversionFilterMode.Filter60Hz,
                true);
        }

        /// <inheritdoc />
        public void Poll(long nowMilliseconds)
        {
            try
            {
                double celsius = _chip.Temperature.DegreesCelsius;

                // The binding clears the latched faults before each conversion, so these belong to it. Its FaultStatus
                // names D5 "ReferenceInLow" and D4 "ReferenceInHigh" (constructor order in devices/Max31865/Max31865.cs,
                // Faults); the register is rebuilt by bit.
                FaultStatus faults = _chip.Faults;
                byte register = Max31865Probe.FaultStatus(faults.HighThreshold, faults.LowThreshold, faults.ReferenceInLow,
                    faults.ReferenceInHigh, faults.ResistanceTemperatureDetectorLow, faults.OverUnderVoltage);
                _probe.Convert(celsius, register, nowMilliseconds, _sample);
                _reading.Publish(_sample);
            }
            catch (Exception)
            {
                _sample.Set(0.0, SensorStatus.NoResponse, nowMilliseconds);
                _reading.Publish(_sample);
            }
        }
    }
}
