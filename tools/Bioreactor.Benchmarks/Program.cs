using BenchmarkDotNet.Running;

namespace Bioreactor.Benchmarks;

/// <summary>
/// Runs the benchmarks: <c>dotnet run -c Release --project tools/Bioreactor.Benchmarks -- --filter '*'</c>.
/// </summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
