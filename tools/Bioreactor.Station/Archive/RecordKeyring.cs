using System;
using System.IO;
using System.Text;
using Bioreactor.BatchRecords;
using Bioreactor.Control.Primitives;
using Bioreactor.Host.Infrastructure.Records;

namespace Bioreactor.Station.Archive;

/// <summary>
/// The record keys the station verifies with: files <c>&lt;device-id&gt;.key</c> (hexadecimal text, whitespace ignored)
/// in <see cref="StationOptions.RecordKeyDirectory"/>, and, when <see cref="StationOptions.SimulatorKeys"/> is set, the
/// simulator's published derivation (<see cref="SimulatorRecordKey"/>). Files are read at each use, so a key dropped in
/// later is found by the next fetch.
/// </summary>
public sealed class RecordKeyring
{
    private readonly string directory;
    private readonly bool simulatorKeys;

    /// <summary>Creates the keyring.</summary>
    /// <param name="keyDirectory">The key files' directory, or null for none.</param>
    /// <param name="simulatorKeys">Whether the simulator's published keys are accepted.</param>
    public RecordKeyring(string keyDirectory, bool simulatorKeys)
    {
        directory = string.IsNullOrWhiteSpace(keyDirectory) ? null : Path.GetFullPath(keyDirectory);
        this.simulatorKeys = simulatorKeys;
    }

    /// <summary>
    /// The key for a record of <paramref name="device"/> (its id on the broker) whose header names
    /// <paramref name="headerDeviceId"/> (null when unknown): a key file of either id, else the simulator's key of the
    /// header's device id when allowed; null when there is none.
    /// </summary>
    /// <param name="problem">Why a key file that exists could not be used, or null.</param>
    public RecordKey Find(string device, string headerDeviceId, out string problem)
    {
        problem = null;
        foreach (string id in new[] { device, headerDeviceId })
        {
            // The id becomes a file name: only the operator/device identifier characters, so no path can be formed.
            if (directory == null || !TextRules.IsIdentifier(id))
            {
                continue;
            }

            string path = Path.Combine(directory, id + ".key");
            if (!File.Exists(path))
            {
                continue;
            }

            byte[] key = RecordKey.FromHexText(File.ReadAllText(path), out _);
            if (key == null)
            {
                problem = $"key file {id}.key is not hexadecimal text of at least {HostHmacSha256Authenticator.MinimumKeyLength} bytes";
                continue;
            }

            return new RecordKey(key, "key file " + id + ".key");
        }

        string simulatorDevice = headerDeviceId ?? device;
        if (simulatorKeys && !string.IsNullOrEmpty(simulatorDevice))
        {
            return new RecordKey(SimulatorRecordKey.Derive(simulatorDevice), "the simulator's published key for device " + simulatorDevice);
        }

        return null;
    }
}
