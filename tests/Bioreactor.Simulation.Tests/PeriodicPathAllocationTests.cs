using System;
using Bioreactor.Control;
using Bioreactor.Control.Ports;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Simulation.Tests;

/// <summary>
/// The periodic control path must not allocate (docs/architecture.md rule 3; the ESP32's GC stops the world).
/// Each test warms the object up (first calls may JIT or size buffers), then counts the bytes this thread
/// allocates over many periodic calls. Exact zero: a single boxed double per call would show.
/// </summary>
[TestClass]
public class PeriodicPathAllocationTests
{
    private const double TickSeconds = 0.02;
    private const int Calls = 100_000;

    [TestMethod]
    public void PidUpdateAllocatesNothing()
    {
        var pid = new PidController(new PidTunings(11.25, 540.0, 53.0), 0.0, 1.0)
        {
            SetPointRampPerSecond = 0.01,
            OutputRateLimitPerSecond = 0.5,
            ProportionalMode = ProportionalMode.OnMeasurement,
        };
        double measurement = 22.0;
        pid.Update(37.0, measurement, TickSeconds);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++)
        {
            measurement += pid.Output * 0.001 - (measurement - 22.0) * 0.00001;
            pid.Update(37.0, measurement, TickSeconds);
            if (i == Calls / 2)
            {
                pid.SetManual(0.3);
            }
            else if (i == Calls / 2 + 100)
            {
                pid.SetAutomatic();
            }
        }

        Assert.AreEqual(0L, GC.GetAllocatedBytesForCurrentThread() - before, "bytes allocated by PidController.Update");
    }

    [TestMethod]
    public void Co2LoopUpdateAcrossItsIntegralBandAllocatesNothing()
    {
        // Leaving and re-entering the integral band swaps the PID's tunings (Ti = 0 outside the band): both are made when
        // the tunings are set, never at a switch. The probe reads a slow triangle, 2–8 % in 300 s, sampled each second.
        var loop = new Co2Loop(new Co2LoopSettings());
        var reading = new SensorReading(2.0, SensorStatus.Ok, 0);
        loop.Update(reading, 0, TickSeconds);
        bool integrating = loop.IsIntegrating;
        int switches = 0;

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 1; i <= Calls; i++)
        {
            long nowMilliseconds = (long)(i * TickSeconds * 1000.0);
            long sampleMilliseconds = nowMilliseconds - (nowMilliseconds % 1000);
            double phase = (sampleMilliseconds % 600_000) / 300_000.0;
            double percent = 2.0 + 6.0 * (phase <= 1.0 ? phase : 2.0 - phase);
            reading.Set(percent, SensorStatus.Ok, sampleMilliseconds);
            loop.Update(reading, nowMilliseconds, TickSeconds);
            if (loop.IsIntegrating != integrating)
            {
                integrating = loop.IsIntegrating;
                switches++;
            }
        }

        Assert.AreEqual(0L, GC.GetAllocatedBytesForCurrentThread() - before, "bytes allocated by Co2Loop.Update");
        Assert.IsTrue(switches >= 4, "the band was crossed (switches: " + switches + ")");
    }

    [TestMethod]
    public void TimeProportioningUpdateAllocatesNothing()
    {
        var output = new TimeProportioningOutput(10.0, 0.5, 0.5, 30.0);
        output.Update(0.5, TickSeconds);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++)
        {
            output.Update((i % 1000) / 1000.0, TickSeconds);
        }

        Assert.AreEqual(0L, GC.GetAllocatedBytesForCurrentThread() - before, "bytes allocated by TimeProportioningOutput.Update");
    }

    [TestMethod]
    public void RelayAutotuneUpdateAllocatesNothing()
    {
        // A first-order plant with a transport delay, enough to oscillate under the relay.
        var autotune = new RelayAutotune(37.0, 0.3, 0.2, 0.0, 1.0, 0.02, 5.0, 100_000.0);
        autotune.Start();
        var delayLine = new double[50];
        double plate = 36.0;
        int head = 0;
        autotune.Update(plate, true, 1.0);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20_000 && autotune.State == AutotuneState.Running; i++)
        {
            double delayedOutput = delayLine[head];
            delayLine[head] = autotune.Output;
            head = (head + 1) % delayLine.Length;
            plate += (22.0 + 50.0 * delayedOutput - plate) / 300.0;
            autotune.Update(plate, true, 1.0);
        }

        Assert.AreEqual(0L, GC.GetAllocatedBytesForCurrentThread() - before, "bytes allocated by RelayAutotune.Update");
        Assert.AreEqual(AutotuneState.Succeeded, autotune.State, "the relay experiment must have run to its end");
    }
}
