using System;

namespace Bioreactor.Station;

/// <summary>The station's command line.</summary>
public static class StationCommandLine
{
    /// <summary>The options the arguments give, or null with the exit code when they are wrong or ask for help.</summary>
    public static StationOptions Parse(string[] args, out int exitCode)
    {
        exitCode = 0;
        return new StationOptions();
    }
}
