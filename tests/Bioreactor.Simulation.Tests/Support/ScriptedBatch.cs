using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using Bioreactor.Control.Batch;
using Bioreactor.Simulator;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Simulation.Tests.Support;

/// <summary>
/// The steps of a batch scripted on the simulator's composition (<see cref="BatchSimulation"/>) for tests that need a real
/// record: run to a time, an action that must be accepted, a signature as the device's command link hands a checked one
/// to the batch layer, and the record written in a throw-away folder. Linked into the test projects that write records.
/// </summary>
internal static class ScriptedBatch
{
    /// <summary>Runs <paramref name="write"/> in a new temporary folder and returns the one record it wrote there.</summary>
    public static byte[] RecordWrittenBy(string what, Action<string> write)
    {
        string directory = Directory.CreateTempSubdirectory("bioreactor-" + what + "-").FullName;
        try
        {
            write(directory);
            string[] files = Directory.GetFiles(directory);
            Assert.AreEqual(1, files.Length, "one record file");
            return File.ReadAllBytes(files[0]);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Steps plant and device until <paramref name="seconds"/> of simulated time have passed.</summary>
    public static void RunUntil(BatchSimulation sim, double seconds)
    {
        while (sim.Board.ElapsedSeconds < seconds)
        {
            sim.Step();
        }
    }

    /// <summary>Executes <paramref name="request"/> on the device and fails the test unless it is accepted.</summary>
    public static void Accept(BatchSimulation sim, OperatorRequest request)
    {
        BatchResult result = sim.Firmware.Execute(request);
        Assert.IsTrue(result.IsAccepted, BatchNames.ActionName(request.Action) + ": " + result.Message);
    }

    /// <summary>
    /// <paramref name="request"/> with the signature the command link passes on once it has checked one: meaning, the
    /// signer's printed name, the signer's time and a stand-in MAC (<see cref="StandInMac"/>).
    /// </summary>
    public static OperatorRequest Signed(OperatorRequest request, SignatureMeaning meaning, string signerName, long signedAtUtcMilliseconds)
    {
        request.Signature = new OperatorSignature(meaning, signerName, signedAtUtcMilliseconds, StandInMac(request.Action, request.OperatorId));
        return request;
    }

    /// <summary>The stand-in signature MAC of this action by this operator: 64 lowercase hex, the same every run.</summary>
    public static string StandInMac(BatchAction action, string operatorId) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(BatchNames.ActionName(action) + "|" + operatorId))).ToLowerInvariant();
}
