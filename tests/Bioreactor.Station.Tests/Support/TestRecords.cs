using System;
using Bioreactor.Control.Batch;
using Bioreactor.Control.Records;
using Bioreactor.Host.Infrastructure.Records;
using Bioreactor.Simulator;
using Bioreactor.Virtual;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static Bioreactor.Simulation.Tests.Support.ScriptedBatch;

namespace Bioreactor.Station.Tests.Support;

/// <summary>
/// A real batch record written once per test run by the simulator's composition (<see cref="BatchSimulation"/>: the
/// firmware on the virtual board, the simulator's key): the shipped recipe scaled to 10 min, a note, then aborted and
/// released, which closes the record. Plus the two ways a record is damaged: a byte flipped, and a value changed and the
/// chain recomputed after it with the same key (what anyone holding the key could do).
/// </summary>
internal static class TestRecords
{
    public const string BatchId = "station-test-001";

    /// <summary>The device id the tests archive under (as on the broker).</summary>
    public const string Device = "br-station";

    private static readonly DateTime StartUtc = new(2026, 2, 9, 7, 0, 0, DateTimeKind.Utc);
    private static readonly Lazy<byte[]> Written = new(Write);

    /// <summary>The closed record's bytes.</summary>
    public static byte[] Closed => (byte[])Written.Value.Clone();

    /// <summary>Every frame's position, length and sequence, in order.</summary>
    public static (int Position, int Length, long Sequence)[] Frames(byte[] bytes)
    {
        var frames = new System.Collections.Generic.List<(int, int, long)>();
        var frame = new RecordFrame();
        int position = 0;
        while (position < bytes.Length)
        {
            int length = RecordFormat.ReadFrameLength(bytes, position, bytes.Length - position);
            Assert.IsTrue(length > 0 && length <= bytes.Length - position, "a whole frame at byte " + position);
            frame.Parse(bytes, position, length, position);
            frames.Add((position, length, frame.Sequence));
            position += length;
        }

        return frames.ToArray();
    }

    /// <summary>The chained MAC of the entry of <paramref name="sequence"/>, 64 lowercase hex.</summary>
    public static string MacOf(byte[] bytes, long sequence)
    {
        foreach ((int position, int length, long s) in Frames(bytes))
        {
            if (s == sequence)
            {
                return Convert.ToHexStringLower(bytes, position + length - RecordFormat.MacLength, RecordFormat.MacLength);
            }
        }

        throw new AssertFailedException("no entry of sequence " + sequence);
    }

    /// <summary>A copy with one payload byte of the entry of <paramref name="sequence"/> flipped (its MAC left as it was).</summary>
    public static byte[] Tampered(byte[] bytes, long sequence)
    {
        byte[] copy = (byte[])bytes.Clone();
        (int position, _, _) = Array.Find(Frames(copy), f => f.Sequence == sequence);
        copy[position + RecordFormat.HeaderLength] ^= 0x01;
        return copy;
    }

    /// <summary>
    /// A copy with one payload byte of the entry of <paramref name="sequence"/> changed and every MAC from that entry on
    /// recomputed with <paramref name="key"/> (MAC_k = HMAC(key, MAC_(k-1) || frame bytes before the MAC), Records/README.md):
    /// a record that verifies as intact with the key, yet is not what the device wrote.
    /// </summary>
    public static byte[] Rechained(byte[] bytes, long sequence, byte[] key)
    {
        byte[] copy = (byte[])bytes.Clone();
        using var mac = new HostHmacSha256Authenticator(key);
        byte[] previous = new byte[RecordFormat.MacLength];
        bool rewriting = false;
        foreach ((int position, int length, long s) in Frames(copy))
        {
            int body = length - RecordFormat.MacLength;
            if (s == sequence)
            {
                copy[position + RecordFormat.HeaderLength] ^= 0x01;
                rewriting = true;
            }

            if (rewriting)
            {
                byte[] input = new byte[RecordFormat.MacLength + body];
                Buffer.BlockCopy(previous, 0, input, 0, RecordFormat.MacLength);
                Buffer.BlockCopy(copy, position, input, RecordFormat.MacLength, body);
                mac.ComputeMac(input, 0, input.Length, copy, position + body);
            }

            Buffer.BlockCopy(copy, position + body, previous, 0, RecordFormat.MacLength);
        }

        Assert.IsTrue(rewriting, "no entry of sequence " + sequence);
        return copy;
    }

    /// <summary>The sequence of the first Sample entry.</summary>
    public static long FirstSample(byte[] bytes)
    {
        var frame = new RecordFrame();
        foreach ((int position, int length, long sequence) in Frames(bytes))
        {
            frame.Parse(bytes, position, length, position);
            if (frame.Type == RecordEntryType.Sample)
            {
                return sequence;
            }
        }

        throw new AssertFailedException("the record has no sample");
    }

    private static byte[] Write() => RecordWrittenBy("station-record", directory =>
    {
        Recipe recipe = BatchSimulation.ScaleToDuration(BatchSimulation.LoadShippedRecipe(), 10 * 60);
        using var sim = new BatchSimulation(PlantParameters.CreateDefault(), 11, directory, recipe, StartUtc);
        Assert.IsFalse(sim.StartUp(), "nothing to resume in a new folder");
        Accept(sim, OperatorRequest.Start("tech.sim", recipe, BatchId));
        RunUntil(sim, 60);
        Accept(sim, OperatorRequest.Note("tech.sim", "archive test note"));
        RunUntil(sim, 120);
        Accept(sim, OperatorRequest.Abort("tech.sim", "archive test"));
        RunUntil(sim, 125);
        Accept(sim, OperatorRequest.Clear("qa.sim", "archive test done"));
        RunUntil(sim, 130);
    });
}
