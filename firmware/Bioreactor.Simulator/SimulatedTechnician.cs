using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using Bioreactor.Host.Infrastructure.Signing;
using Bioreactor.Control.Batch;
using Bioreactor.Control.Device;
using Bioreactor.Control.Protocol;

namespace Bioreactor.Simulator;

/// <summary>
/// The people who attend the simulator's own batch (the technician starts it, acknowledges a power interruption and
/// confirms the harvest; QA releases it). They act as any person does: each action is a command signed with their
/// demonstration password (<see cref="SimulatorOperators"/>) and handed to the device's link in the process, which
/// checks the signature and records it like one that came over MQTT. So every entry of the simulator's record that
/// names a person was signed by that person.
/// </summary>
public sealed class SimulatedTechnician
{
    // Ticks to wait for the device's answer: 10 simulated seconds.
    private const int MaximumTicks = 500;

    private readonly BatchSimulation simulation;
    private readonly Dictionary<string, byte[]> keys = new(StringComparer.Ordinal);
    private readonly OperatorSigning signing = new();
    private int commands;

    public SimulatedTechnician(BatchSimulation simulation)
    {
        this.simulation = simulation;
    }

    /// <summary>
    /// Signs <paramref name="command"/> with <paramref name="fields"/> as <paramref name="operatorId"/>, hands it to the
    /// device's link and lets the device run until it has answered. Returns null when the device accepted it, else the
    /// device's error code.
    /// </summary>
    public string Act(string operatorId, string command, JsonObject fields)
    {
        MqttLink link = simulation.Device.Link;
        var payload = new JsonObject { ["id"] = "sim-" + (++commands).ToString(System.Globalization.CultureInfo.InvariantCulture) };
        foreach (KeyValuePair<string, JsonNode> field in fields)
        {
            payload[field.Key] = field.Value?.DeepClone();
        }

        byte[] signed = signing.Sign(link.DeviceId, link.SessionNonce, command, payload, operatorId, CommandSigner.UsualMeaning(command),
            KeyOf(operatorId));
        long answered = link.CommandsAccepted + link.CommandsRefused;
        long accepted = link.CommandsAccepted;
        link.OnMessage(TopicNames.Command(link.DeviceId, command), signed, null, null);
        // The record thread runs received commands after each tick; a few ticks suffice (more only when others are queued).
        for (int tick = 0; link.CommandsAccepted + link.CommandsRefused == answered; tick++)
        {
            if (tick == MaximumTicks)
            {
                return "no_answer";
            }

            simulation.Step();
        }

        return link.CommandsAccepted > accepted ? null : ProtocolNames.ErrorCode(link.LastError);
    }

    // The key the person derives from their password, with the salt and iteration count of the device's directory.
    private byte[] KeyOf(string operatorId)
    {
        if (!keys.TryGetValue(operatorId, out byte[] key))
        {
            OperatorCredential credential = simulation.Firmware.Batch.Operators.GetCredential(operatorId)
                ?? throw new InvalidOperationException($"operator {operatorId} has no credential in the simulator's directory");
            key = OperatorSigning.DeriveKey(SimulatorOperators.PasswordOf(operatorId), credential.Salt, credential.Iterations);
            keys[operatorId] = key;
        }

        return key;
    }
}
