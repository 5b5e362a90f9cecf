using Bioreactor.Control.Device;
using System;
using System.Device.Gpio;
using System.Threading;
using Bioreactor.Control.Ports;
using Bioreactor.Control;
using Bioreactor.Esp32.Board;
using Bioreactor.Esp32.Application;
using Bioreactor.Esp32.Drivers;
using Bioreactor.Control.Protocol;
using Bioreactor.Control.Records;
using nanoFramework.Hardware.Esp32;
using nanoFramework.Networking;
using nanoFramework.System.IO.FileSystem;

namespace Bioreactor.Esp32.App
{
    /// <summary>
    /// The ESP32 board's composition root (docs/architecture.md rule 2): the same core objects as the simulator, wired to the
    /// board's drivers.
    /// </summary>
    /// <remarks>
    /// <code>
    ///   boot ─► heater, valve, buzzer off; stepper driver disabled (before anything else can fail)
    ///        ─► memory figures ─► SD card ─► configuration file ──invalid/missing──► safe idle (outputs off, LED blinks, log)
    ///        ─► Wi-Fi (60 s) ─► SNTP ─► drivers ─► record storage ─► BioreactorFirmware + MqttLink = BioreactorDevice
    ///        ─► BioreactorDevice.StartUp (resume an open batch)
    ///        ─► threads: control (Highest, 20 ms: BioreactorDevice.Tick), supervisor (AboveNormal: software watchdog, timing
    ///           log), record (AboveNormal: BioreactorDevice.ServiceRecord, see RecordLoop), communication (Normal:
    ///           MqttLink.Service), acquisition (BelowNormal)
    /// </code>
    /// The threads and the device lock are described in BioreactorDevice (firmware/Bioreactor.Control.Device).
    /// A failure after the outputs were made safe leaves the board in safe idle; it never restarts itself in a loop.
    /// </remarks>
    public static class Program
    {
        /// <summary>Firmware version written into record headers and the birth message (identifier rule).</summary>
        public const string FirmwareVersion = "1.0.0";

        /// <summary>Record folder on the SD card.</summary>
        public const string RecordFolder = "D:\\records";

        /// <summary>
        /// Control ticks without completion after which the supervisor makes the outputs safe: 50 × 20 ms = 1 s. It must
        /// exceed the longest legitimate tick: the tick no longer waits on the SD card (the record thread writes), but it
        /// may wait for a command's short critical section under the device lock and for a garbage collection (6–14 ms on
        /// nanoCLR), and nanoCLR hands the processor between threads in 20 ms quanta; one second of a stuck heater adds a
        /// negligible amount of heat to a plate whose time constant is minutes.
        /// </summary>
        public const int AllowedMissedTicks = 50;

        private static GpioSwitchedOutput s_heater;
        private static GpioSwitchedOutput s_valve;
        private static GpioSwitchedOutput s_supplyRelay;
        private static GpioSwitchedOutput s_co2ShutOff;
        private static ISwitchedOutput s_buzzer;
        private static ISwitchedOutput s_led;
        private static PwmStepPulseOutput s_stepper;

        /// <summary>Entry point.</summary>
        public static void Main()
        {
            var gpio = new GpioController();
            try
            {
                // First: every actuator de-energised (the board's pull-downs already hold them off through reset).
                s_heater = new GpioSwitchedOutput(gpio, Esp32BoardPins.HeaterGate);
                s_valve = new GpioSwitchedOutput(gpio, Esp32BoardPins.Co2ValveGate);
                s_supplyRelay = new GpioSwitchedOutput(gpio, Esp32BoardPins.HeaterSupplyRelay);
                s_co2ShutOff = new GpioSwitchedOutput(gpio, Esp32BoardPins.Co2ShutOffGate);

                // Buzzer and status LED on the I2C port expander (their gate pull-downs hold them off until then).
                Configuration.SetPinFunction(Esp32BoardPins.SensorI2cData, DeviceFunction.I2C1_DATA);
                Configuration.SetPinFunction(Esp32BoardPins.SensorI2cClock, DeviceFunction.I2C1_CLOCK);
                var expander = new Tca9534Outputs(Esp32BoardPins.SensorI2cBus, Esp32BoardPins.IoExpanderI2cAddress);
                expander.Start((byte)((1 << Esp32BoardPins.IoExpanderBuzzerBit) | (1 << Esp32BoardPins.IoExpanderStatusLedBit)));
                s_buzzer = expander.Output(Esp32BoardPins.IoExpanderBuzzerBit);
                s_led = expander.Output(Esp32BoardPins.IoExpanderStatusLedBit);
                s_stepper = new PwmStepPulseOutput(gpio, Esp32BoardPins.StepperStep, Esp32BoardPins.StepperDirection, Esp32BoardPins.StepperEnable);
            }
            catch (Exception e)
            {
                DeviceLog.Error("outputs could not be opened", e);
                SafeIdle("outputs could not be opened");
            }

            LogMemory("boot");
            try
            {
                Run(gpio);
            }
            catch (Exception e)
            {
                DeviceLog.Error("start-up failed", e);
                SafeIdle("start-up failed: " + e.Message);
            }

            // The threads run the board from here on.
            Thread.Sleep(Timeout.Infinite);
        }

        private static void Run(GpioController gpio)
        {
            MountSdCard();

            string problem;
            byte[] key;
            byte[] ca;
            DeviceConfiguration configuration = ConfigurationStore.Load(out problem, out key, out ca);
            DeviceLog.Info(problem);
            if (configuration == null)
            {
                SafeIdle(problem);
            }

            var clock = new Esp32Clock();
            ConnectNetwork(configuration, clock);

            // Buses: pin functions before the peripherals are opened (nanoFramework.Hardware.Esp32 Configuration.SetPinFunction).
            Configuration.SetPinFunction(Esp32BoardPins.RtdClock, DeviceFunction.SPI1_CLOCK);
            Configuration.SetPinFunction(Esp32BoardPins.RtdDataOut, DeviceFunction.SPI1_MOSI);
            Configuration.SetPinFunction(Esp32BoardPins.RtdDataIn, DeviceFunction.SPI1_MISO);

            // PT100 on the Adafruit 3328 MAX31865 board: 430 Ω reference, 4-wire elements (bill of materials, rows 3 and 4;
            // the board's jumpers set for 4 wires), 50 Hz mains; limits well outside the process (−20 °C, 120 °C) so only a
            // broken or shorted element trips them. Read on the acquisition thread (the binding blocks about 75 ms a read).
            var liquid = new AcquiredReading();
            var plate = new AcquiredReading();
            var liquidProbe = new SpiRtdProbe(Esp32BoardPins.RtdSpiBus, Esp32BoardPins.LiquidRtdChipSelect,
                new Max31865Probe(430.0, 100.0, 4, true, -20.0, 120.0), liquid);
            var plateProbe = new SpiRtdProbe(Esp32BoardPins.RtdSpiBus, Esp32BoardPins.PlateRtdChipSelect,
                new Max31865Probe(430.0, 100.0, 4, true, -20.0, 120.0), plate);

            // 0–20 % probe, polled every 500 ms, silent for 3 s = no response.
            var co2 = new SerialCo2Probe(Esp32BoardPins.Co2SerialPort, Esp32BoardPins.Co2Transmit, Esp32BoardPins.Co2Receive,
                new GssCo2Probe(20.0, 500, 3000), clock);

            // Zero 2048 until commissioning captures the level platform's RAW ANGLE (As5600AngleSensor remarks).
            var angle = new I2cAngleSensor(Esp32BoardPins.SensorI2cBus, Esp32BoardPins.SensorI2cData, Esp32BoardPins.SensorI2cClock,
                new As5600AngleSensor(2048, false), clock);

            // 50 ms of a stable level before the lid counts as closed or open again (reed switch bounce is a few ms).
            var door = new GpioDoorSwitch(gpio, Esp32BoardPins.DoorSwitch, new DebouncedDoorSwitch(0.05, true), clock);
            var rocker = new SteppedRockerDrive(new StepperMechanics(), s_stepper, clock);

            // Actuator feedback on I2C1: INA219 on the heater supply's 10 mΩ shunt; HAF ±50 sccm flow sensor after the
            // dosing valve (CO2 reads ≈0.7 of air on a thermal sensor; check at commissioning).
            var heaterCurrent = new AcquiredReading();
            var heaterCurrentMonitor = new I2cHeaterCurrentMonitor(Esp32BoardPins.SensorI2cBus, new Ina219CurrentMonitor(0.010),
                heaterCurrent);
            var co2Flow = new I2cFlowSensor(Esp32BoardPins.SensorI2cBus, Esp32BoardPins.Co2FlowSensorI2cAddress,
                new HafFlowSensor(50.0, 0.7), clock);
            var ports = new BioreactorPorts(liquid, plate, co2, angle, s_heater, s_valve, rocker, door, clock)
                .FitActuatorFeedback(heaterCurrent, s_supplyRelay, co2Flow, s_co2ShutOff);
            var settings = new BioreactorControllerSettings();

            // The parts whose bindings block or allocate, each at its own rate on the acquisition thread: the RTDs at 4 Hz
            // (two conversions of about 75 ms; the temperature sensors go stale after 1 s, SafetySettings), the heater
            // current at 10 Hz (stale after 500 ms). The control tick reads their latest samples.
            var acquisition = new AcquisitionSchedule(3, clock);
            long start = clock.MonotonicMilliseconds;
            acquisition.Add(liquidProbe, 250, start);
            acquisition.Add(plateProbe, 250, start);
            acquisition.Add(heaterCurrentMonitor, 100, start);
            StartAcquisition(acquisition);
            WaitForFirstSamples(liquid, plate, heaterCurrent);

            var storage = new SdCardRecordStorage(RecordFolder);
            int recovered = storage.RecoverPendingTruncations();
            if (recovered > 0)
            {
                DeviceLog.Info("finished " + recovered.ToString() + " interrupted record truncation(s)");
            }

            var authenticator = new HmacSha256Authenticator(key);
            Array.Clear(key, 0, key.Length);
            var firmware = new BioreactorFirmware(ports, settings, configuration.Operators, storage, authenticator,
                configuration.DeviceId, FirmwareVersion);
            firmware.Batch.Lockout.FailureLimit = configuration.SignatureFailureLimit;
            var transport = new M2MqttTransport(configuration.BrokerHost, configuration.BrokerPort, configuration.BrokerTls, ca,
                configuration.BrokerUsername, configuration.BrokerPassword);
            var linkSettings = new MqttLinkSettings();
            linkSettings.DeviceId = configuration.DeviceId;
            linkSettings.FirmwareVersion = FirmwareVersion;

            // The session nonce every signed command covers, fresh at every start. System.Random's NextBytes on the ESP32
            // is esp_random() (nanoframework/nf-interpreter targets/ESP32/_nanoCLR/targetRandom.cpp), a true random number
            // generator while the radio runs (ESP-IDF "Random Number Generation"): Wi-Fi was started above.
            byte[] nonce = new byte[16];
            new Random().NextBytes(nonce);
            linkSettings.SessionNonce = MqttLinkSettings.SessionNonceFrom(nonce);
            uint jitterSeed = (uint)(Environment.TickCount64 & 0x7FFFFFFF) ^ (uint)configuration.DeviceId.GetHashCode();
            var link = new MqttLink(firmware, transport, storage, clock, linkSettings, jitterSeed);
            var device = new BioreactorDevice(firmware, link);

            // Before any thread: the resume is written synchronously.
            bool resumed = device.StartUp();
            DeviceLog.Info(resumed ? "resumed an unfinished batch record" : "no batch to resume: idle");

            long period = (long)(settings.TickSeconds * 1000.0 + 0.5);
            var watchdog = new LoopWatchdog(period, AllowedMissedTicks, clock.MonotonicMilliseconds);
            var control = new ControlLoop(device, watchdog, period);
            var record = new RecordLoop(device);
            LogMemory("composed");
            control.Start();
            record.Start();
            StartSupervisor(control, watchdog, clock);
            StartCommunication(link, transport, clock);
        }

        private static void StartAcquisition(AcquisitionSchedule schedule)
        {
            // Below the control thread's priority: a late sample is only older, and staleness is a fault the core handles.
            var thread = new Thread(() =>
            {
                while (true)
                {
                    Thread.Sleep((int)schedule.RunDue());
                }
            });
            thread.Priority = ThreadPriority.BelowNormal;
            thread.Start();
        }

        /// <summary>Up to 2 s for a first sample of each acquired part, so the first control tick does not see them stale.</summary>
        private static void WaitForFirstSamples(AcquiredReading liquid, AcquiredReading plate, AcquiredReading heaterCurrent)
        {
            for (int i = 0; i < 20; i++)
            {
                if (liquid.Publications > 0 && plate.Publications > 0 && heaterCurrent.Publications > 0)
                {
                    return;
                }

                Thread.Sleep(100);
            }

            DeviceLog.Info("acquisition: no first sample from every part after 2 s; the control starts with them stale");
        }

        private static void MountSdCard()
        {
            Configuration.SetPinFunction(Esp32BoardPins.SdClock, DeviceFunction.SPI2_CLOCK);
            Configuration.SetPinFunction(Esp32BoardPins.SdDataOut, DeviceFunction.SPI2_MOSI);
            Configuration.SetPinFunction(Esp32BoardPins.SdDataIn, DeviceFunction.SPI2_MISO);

            // SDCard(SDCardSpiParameters, CardDetectParameters = null), Mount(), IsMounted; slot 0 mounts as D:\
            // (nanoframework/System.IO.FileSystem, nanoFramework/SDCard.cs and SDCardSpiParameters.cs).
            var card = new SDCard(new SDCardSpiParameters
            {
                spiBus = (uint)Esp32BoardPins.SdCardSpiBus,
                chipSelectPin = (uint)Esp32BoardPins.SdChipSelect,
            });
            try
            {
                card.Mount();
            }
            catch (Exception e)
            {
                DeviceLog.Error("SD card not mounted", e);
            }

            DeviceLog.Info(card.IsMounted ? "SD card mounted as D:\\" : "SD card NOT mounted");
        }

        private static void ConnectNetwork(DeviceConfiguration configuration, Esp32Clock clock)
        {
            // WifiNetworkHelper.ConnectDhcp(ssid, password, WifiReconnectionKind, requiresDateTime, wifiAdapterId, token)
            // (nanoframework/System.Device.Wifi, System.Device.Wifi/NetworkHelper/WifiNetworkHelper.cs); Status and
            // HelperException explain a failure. Automatic reconnection lets the ESP32 rejoin after an access point restart.
            var timeout = new CancellationTokenSource(60000);
            bool connected = WifiNetworkHelper.ConnectDhcp(configuration.WifiSsid, configuration.WifiPassword,
                System.Device.Wifi.WifiReconnectionKind.Automatic, false, 0, timeout.Token);
            if (!connected)
            {
                // Control runs without the network; the protocol keeps retrying the broker with its backoff.
                DeviceLog.Error("Wi-Fi not connected", WifiNetworkHelper.HelperException);
            }
            else
            {
                DeviceLog.Info("Wi-Fi connected to " + configuration.WifiSsid);
            }

            // Sntp.Server1 (set), Sntp.Start(), Sntp.UpdateNow() (nanoframework/nanoFramework.Networking.Sntp, Sntp.cs).
            try
            {
                Sntp.Server1 = configuration.TimeServer;
                Sntp.Start();
                Sntp.UpdateNow();
                clock.NoteSntpStarted();
            }
            catch (Exception e)
            {
                DeviceLog.Error("SNTP not started: record UTC stays unsynchronised", e);
            }

            clock.Evaluate();
        }

        private static void StartSupervisor(ControlLoop control, LoopWatchdog watchdog, Esp32Clock clock)
        {
            var thread = new Thread(() =>
            {
                while (true)
                {
                    Thread.Sleep(100);
                    if (watchdog.Check(clock.MonotonicMilliseconds))
                    {
                        // The control loop stalled: outputs to their safe state here, independently of it, and latched.
                        s_heater.Inhibit();
                        s_valve.Inhibit();
                        s_supplyRelay.Inhibit();
                        s_co2ShutOff.Inhibit();
                        s_stepper.Inhibit();
                        s_buzzer.Set(true);
                        DeviceLog.Info("SUPERVISOR: control loop stalled for " + watchdog.StalledForMilliseconds.ToString()
                            + " ms (limit " + watchdog.LimitMilliseconds.ToString() + " ms): heater and valve off, rocker disabled");
                    }

                    string report = control.TakeTimingReport();
                    if (report != null)
                    {
                        DeviceLog.Info(report);
                    }
                }
            });
            thread.Priority = ThreadPriority.AboveNormal;
            thread.Start();
        }

        private static void StartCommunication(MqttLink link, M2MqttTransport transport, Esp32Clock clock)
        {
            var thread = new Thread(() =>
            {
                string lastFailure = null;
                while (true)
                {
                    try
                    {
                        link.Service();
                    }
                    catch (Exception e)
                    {
                        DeviceLog.Error("communication", e);
                    }

                    if (transport.LastFailure != null && transport.LastFailure != lastFailure)
                    {
                        DeviceLog.Info("MQTT: " + transport.LastFailure);
                    }

                    lastFailure = transport.LastFailure;
                    clock.Evaluate();
                    Thread.Sleep(50);
                }
            });
            thread.Start();
        }

        private static void LogMemory(string when)
        {
            // nanoFramework.Runtime.Native.GC.Run(bool compactHeap) returns the free managed heap in bytes
            // (nanoframework/nanoFramework.Runtime.Native, nanoFramework.Runtime.Native/GC.cs).
            uint free = nanoFramework.Runtime.Native.GC.Run(false);
            DeviceLog.Info("memory (" + when + "): " + free.ToString() + " bytes of managed heap free");
        }

        /// <summary>Outputs off (latched), LED blinking, a log line every minute; never returns.</summary>
        private static void SafeIdle(string reason)
        {
            if (s_heater != null)
            {
                s_heater.Inhibit();
            }

            if (s_valve != null)
            {
                s_valve.Inhibit();
            }

            if (s_supplyRelay != null)
            {
                s_supplyRelay.Inhibit();
            }

            if (s_co2ShutOff != null)
            {
                s_co2ShutOff.Inhibit();
            }

            if (s_stepper != null)
            {
                s_stepper.Inhibit();
            }

            int beat = 0;
            while (true)
            {
                if (beat % 600 == 0)
                {
                    DeviceLog.Info("SAFE IDLE (outputs off): " + reason + ". Fix it, then reset the board.");
                }

                if (s_led != null)
                {
                    s_led.Set(beat % 10 == 0);
                }

                beat++;
                Thread.Sleep(100);
            }
        }
    }
}
