using System;
using System.IO.Ports;
using Bioreactor.Esp32.Drivers;
using Bioreactor.Control.Ports;
using nanoFramework.Hardware.Esp32;

namespace Bioreactor.Esp32.App
{
    /// <summary>
    /// Bus glue of the NDIR CO2 probe on a UART (COM2; COM1 is the ESP32's debug console): each <see cref="Read"/> sends the
    /// command the portable <see cref="GssCo2Probe"/> says is due, feeds it whatever bytes have arrived (never waiting) and
    /// copies its latest sample into the caller's reading. 9600 8N1 (GssCo2Probe.BaudRate, from the probe's data sheet).
    /// </summary>
    internal sealed class SerialCo2Probe : ISensor
    {
        private readonly SerialPort _port;
        private readonly GssCo2Probe _probe;
        private readonly IClock _clock;
        private readonly byte[] _receive = new byte[64];
        private readonly byte[] _command = new byte[GssCo2Probe.MaximumCommandLength];

        public SerialCo2Probe(string portName, int transmitGpio, int receiveGpio, GssCo2Probe probe, IClock clock)
        {
            _probe = probe;
            _clock = clock;

            // Pin functions first (nanoframework/nanoFramework.Hardware.Esp32, Configuration.SetPinFunction,
            // DeviceFunction.COM2_TX / COM2_RX in DeviceTypePins.cs).
            Configuration.SetPinFunction(transmitGpio, DeviceFunction.COM2_TX);
            Configuration.SetPinFunction(receiveGpio, DeviceFunction.COM2_RX);

            // SerialPort(string portName, int baudRate, Parity, int dataBits, StopBits), Open(), BytesToRead,
            // Read(byte[], int, int), Write(byte[], int, int) (nanoframework/System.IO.Ports, System.IO.Ports/SerialPort.cs).
            _port = new SerialPort(portName, GssCo2Probe.BaudRate, Parity.None, 8, StopBits.One);

            // The probe is written from the control thread: the default WriteTimeout is InfiniteTimeout (-1, same file), so a
            // stuck UART would stall control. A command is a few bytes at 9600 Bd (about 1 ms per byte); 50 ms is ample.
            _port.WriteTimeout = 50;
            _port.Open();
        }

        /// <inheritdoc />
        public void Read(SensorReading reading)
        {
            long now = _clock.MonotonicMilliseconds;
            try
            {
                Co2Command command = _probe.CommandDue(now);
                if (command != Co2Command.None)
                {
                    int length = GssCo2Probe.FillCommand(command, _command, 0);
                    if (length > 0)
                    {
                        _port.Write(_command, 0, length);
                    }
                }

                int available = _port.BytesToRead;
                while (available > 0)
                {
                    int want = available < _receive.Length ? available : _receive.Length;
                    int got = _port.Read(_receive, 0, want);
                    if (got <= 0)
                    {
                        break;
                    }

                    _probe.Receive(_receive, 0, got, now);
                    available -= got;
                }
            }
            catch (Exception)
            {
                // A UART error leaves the probe's own silence timeout to report NoResponse.
            }

            _probe.Read(reading);
        }
    }
}
