using Bioreactor.BatchRecords;
using System;
using System.IO;
using System.Security;

namespace Bioreactor.Cli;

/// <summary>
/// Runs a command's body and turns argument, file and connection problems into "error: …" and exit code 2, and a device
/// that does not answer into exit code 3.
/// </summary>
internal static class CommandRunner
{
    public static int Run(CliConsole console, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (CliTimeoutException e)
        {
            console.Error.WriteLine("error: " + e.Message);
            return ExitCodes.Timeout;
        }
        catch (Exception e) when (e is CliException or RecordFileException or IOException or UnauthorizedAccessException or SecurityException or ArgumentException)
        {
            console.Error.WriteLine("error: " + e.Message);
            return ExitCodes.UsageOrIo;
        }
    }
}
