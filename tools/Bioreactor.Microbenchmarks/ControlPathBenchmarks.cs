using BenchmarkDotNet.Attributes;
using Bioreactor.Control;

namespace Bioreactor.Microbenchmarks;

/// <summary>
/// One PID update and one time-proportioning step, the two calls every control tick makes per loop.
/// The periodic path must not allocate (docs/architecture.md rule 3): MemoryDiagnoser's "Allocated" column must read "-".
/// The measurement moves a little every call so the branches a real loop takes are exercised.
/// </summary>
[MemoryDiagnoser]
public class ControlPathBenchmarks
{
    private const double TickSeconds = 0.02;
    private PidController pid;
    private TimeProportioningOutput heaterOutput;
    private double measurementCelsius;
    private double dutyFraction;

    [GlobalSetup]
    public void Setup()
    {
        pid = new PidController(new PidTunings(11.25, 540.0, 53.0), 0.0, 1.0)
        {
            SetPointRampPerSecond = 0.01,
            OutputRateLimitPerSecond = 0.5,
        };
        heaterOutput = new TimeProportioningOutput(10.0, 0.5, 0.5, double.PositiveInfinity);
        measurementCelsius = 36.5;
        dutyFraction = 0.0;
    }

    [Benchmark(Description = "PidController.Update")]
    public double PidUpdate()
    {
        measurementCelsius += measurementCelsius < 37.0 ? 0.001 : -0.0015;
        return pid.Update(37.0, measurementCelsius, TickSeconds);
    }

    [Benchmark(Description = "TimeProportioningOutput.Update")]
    public bool TimeProportioningStep()
    {
        dutyFraction += 0.0007;
        if (dutyFraction > 1.0)
        {
            dutyFraction = 0.0;
        }

        return heaterOutput.Update(dutyFraction, TickSeconds);
    }
}
