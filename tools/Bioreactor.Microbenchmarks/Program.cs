using System;
using BenchmarkDotNet.Running;

namespace Bioreactor.Microbenchmarks;

/// <summary>
/// Runs the benchmarks (README.md beside this file):
/// <c>dotnet run -c Release --project tools/Bioreactor.Microbenchmarks -- --filter '*'</c> for the core's periodic path
/// (BenchmarkDotNet), <c>dotnet run -c Release --project tools/Bioreactor.Microbenchmarks -- mqtt</c> for the MQTT interface's
/// command latency and record retrieval throughput (<see cref="MqttBenchmark"/>).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "mqtt")
        {
            return MqttBenchmark.Run(args[1..]);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
