using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Npgsql;

namespace Bioreactor.Station.Tests.Support;

/// <summary>
/// The PostgreSQL the tests run against: the connection string in <c>BIOREACTOR_TEST_POSTGRES</c> when set (.ci/run sets
/// it), else a throw-away cluster of their own (initdb into a temporary directory, the server on a free loopback port,
/// trust authentication for loopback only, stopped and deleted after the run). initdb refuses to run as root, so as root
/// the cluster is made and run as the <c>postgres</c> (else <c>nobody</c>) user through <c>runuser</c>. Each test gets a
/// schema of its own. When neither way works the PostgreSQL tests fail and say what is missing: they never skip.
/// </summary>
internal static class PostgresServer
{
    public const string EnvironmentVariable = "BIOREACTOR_TEST_POSTGRES";

    private static readonly Lazy<string> Server = new(Start);
    private static string ownDirectory;
    private static string pgCtl;
    private static string runAs;

    /// <summary>A connection string to a new, empty schema (the server started at first use).</summary>
    public static string NewSchema(out string schema)
    {
        string server = Server.Value;
        schema = "t_" + Guid.NewGuid().ToString("N");
        using (var connection = new NpgsqlConnection(server))
        {
            connection.Open();
            using var command = new NpgsqlCommand("CREATE SCHEMA " + schema, connection);
            command.ExecuteNonQuery();
        }

        return new NpgsqlConnectionStringBuilder(server) { SearchPath = schema, Pooling = false }.ToString();
    }

    /// <summary>Drops a schema made by <see cref="NewSchema"/>.</summary>
    public static void DropSchema(string schema)
    {
        using var connection = new NpgsqlConnection(Server.Value);
        connection.Open();
        using var command = new NpgsqlCommand("DROP SCHEMA IF EXISTS " + schema + " CASCADE", connection);
        command.ExecuteNonQuery();
    }

    /// <summary>Stops and deletes a cluster the tests started.</summary>
    public static void Stop()
    {
        if (ownDirectory == null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        Run(pgCtl, new[] { "-D", Path.Combine(ownDirectory, "data"), "-m", "immediate", "-w", "stop" }, out _);
        try
        {
            Directory.Delete(ownDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary directory is harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }

        ownDirectory = null;
    }

    private static string Start()
    {
        string given = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(given))
        {
            return given;
        }

        string bin = FindBinaries();
        if (bin == null)
        {
            throw new AssertFailedException(
                $"PostgreSQL is needed for these tests: set {EnvironmentVariable} to a connection string, or install PostgreSQL's server "
                + "(Debian: apt-get install postgresql; initdb and pg_ctl on PATH or in /usr/lib/postgresql/<version>/bin)");
        }

        string initdb = Path.Combine(bin, "initdb");
        pgCtl = Path.Combine(bin, "pg_ctl");
        string directory = Directory.CreateTempSubdirectory("bioreactor-station-pg-").FullName;
        if (Environment.UserName == "root" || IsRoot())
        {
            runAs = File.ReadAllLines("/etc/passwd").Any(l => l.StartsWith("postgres:", StringComparison.Ordinal)) ? "postgres" : "nobody";
            if (!Run("chown", new[] { runAs, directory }, out string chownOutput))
            {
                throw new AssertFailedException($"cannot give the test cluster's directory to user {runAs} (initdb refuses root): {chownOutput}");
            }
        }

        string data = Path.Combine(directory, "data");
        if (!Run(initdb, new[] { "-D", data, "-U", "station", "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync" }, out string initOutput))
        {
            throw new AssertFailedException("initdb failed" + (runAs == null ? string.Empty : " (as " + runAs + ")") + ": " + initOutput);
        }

        int port = Bioreactor.Mqtt.Tests.FreePort.Next();
        string options = $"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
        if (!Run(pgCtl, new[] { "-D", data, "-o", options, "-l", Path.Combine(directory, "server.log"), "-w", "-t", "60", "start" }, out string startOutput))
        {
            string log = File.Exists(Path.Combine(directory, "server.log")) ? File.ReadAllText(Path.Combine(directory, "server.log")) : string.Empty;
            throw new AssertFailedException("the test cluster did not start: " + startOutput + " " + log);
        }

        ownDirectory = directory;
        return $"Host=127.0.0.1;Port={port};Username=station;Database=postgres";
    }

    private static string FindBinaries()
    {
        var candidates = new List<string>((Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => int.TryParse(Path.GetFileName(d), out int v) ? v : 0)
                .Select(d => Path.Combine(d, "bin")));
        }

        foreach (string directory in candidates)
        {
            string initdb = Path.Combine(directory, "initdb");
            if (File.Exists(initdb) && File.Exists(Path.Combine(directory, "pg_ctl")))
            {
                // A PATH entry may hold links into the real directory (Debian keeps the binaries beside their libraries).
                string real = new FileInfo(initdb).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? initdb;
                return Path.GetDirectoryName(real);
            }
        }

        return null;
    }

    private static bool IsRoot()
    {
        try
        {
            return Run("id", new[] { "-u" }, out string output) && output.Trim() == "0";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static bool Run(string program, string[] arguments, out string output)
    {
        var start = new ProcessStartInfo(runAs != null && program != "chown" ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (runAs != null && program != "chown")
        {
            start.ArgumentList.Add("-u");
            start.ArgumentList.Add(runAs);
            start.ArgumentList.Add("--");
            start.ArgumentList.Add(program);
        }

        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start);
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            output = program + " did not finish within 120 s";
            return false;
        }

        output = stdout + stderr.Result;
        return process.ExitCode == 0;
    }
}
