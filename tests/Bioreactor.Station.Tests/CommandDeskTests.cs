using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Bioreactor.Host.Infrastructure.Mqtt;
using Bioreactor.Mqtt.Tests;
using Bioreactor.Station.Fleet;
using Bioreactor.Station.Mqtt;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Station.Tests;

[TestClass]
public sealed class CommandDeskTests
{
    [TestMethod]
    public async Task OnlyThePreparedCommandWithASignatureAddedIsPublished()
    {
        var prepared = new SigningRequest("br-01", "3f9a0c1e5b7d29486a0b1c2d3e4f5061", "hold", "6a1d2c3b4e5f60718293a4b5c6d7e8f9", 600_000,
            new JsonObject
            {
                ["id"] = "station-0001", ["reason"] = "sampling", ["operator"] = "tech.a", ["meaning"] = "performed", ["signedAt"] = 1765112400000,
            },
            "Alex Tech", "performed");
        var options = new StationOptions { Broker = new MqttBrokerOptions { Port = FreePort.Next() } };
        using var requests = new DeviceRequests(options.Broker);
        using var fleet = new FleetMonitor(options, NullLogger<FleetMonitor>.Instance);
        var desk = new CommandDesk(requests, fleet, NullLogger<CommandDesk>.Instance);
        const string Signature = "\"signature\":\"cee60903b967842d91139b8392860badea68c203fbbb302adba42eec60dd1d62\"";

        foreach (string altered in new[]
                 {
                     "{\"id\":\"station-0001\",\"reason\":\"sampling\",\"operator\":\"tech.a\",\"meaning\":\"performed\",\"signedAt\":1765112400000}",
                     "{\"id\":\"station-0001\",\"reason\":\"other\",\"operator\":\"tech.a\",\"meaning\":\"performed\",\"signedAt\":1765112400000," + Signature + "}",
                     "{\"id\":\"station-0001\",\"reason\":\"sampling\",\"operator\":\"tech.a\",\"meaning\":\"approved\",\"signedAt\":1765112400000," + Signature + "}",
                     "{\"id\":\"station-0001\",\"reason\":\"sampling\",\"operator\":\"tech.a\",\"meaning\":\"performed\",\"signedAt\":1765112400001," + Signature + "}",
                     "{\"id\":\"station-0001\",\"reason\":\"sampling\",\"operator\":\"tech.a\",\"meaning\":\"performed\",\"signedAt\":1765112400000,\"extra\":1," + Signature + "}",
                     "{\"id\":\"station-0001\",\"reason\":\"sampling\",\"operator\":\"qa.b\",\"meaning\":\"performed\",\"signedAt\":1765112400000," + Signature + "}",
                     "not json",
                 })
        {
            CommandOutcome outcome = await desk.SendAsync(prepared, altered, "tech.a", CancellationToken.None);
            Assert.IsFalse(outcome.Accepted, altered);
            Assert.AreEqual("not_signed", outcome.ErrorCode, altered);
        }
    }
}
