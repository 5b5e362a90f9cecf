using System;
using System.Globalization;
using Bioreactor.Host.Infrastructure;
using Bioreactor.Host.Infrastructure.Mqtt;
using Bioreactor.Station;
using Bioreactor.Station.Archive;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bioreactor.Simulator;

/// <summary>
/// The plant station (tools/Bioreactor.Station) run beside the simulated device, in the same process, for a newcomer to
/// watch the reactor, answer its alarms and review its batch in a browser: on the simulator's broker, its archive next
/// to the records, the simulator's published record keys, and every visitor signed in as the simulator's technician
/// (demonstration only, and the page says so). The simulator's people have station accounts with their demonstration
/// passwords, so one can sign out and in as QA.
/// </summary>
public sealed class SimulatorStation : IDisposable
{
    /// <summary>The station's port unless another is asked for (and free).</summary>
    public const int DefaultPort = 5080;

    private readonly WebApplication app;

    private SimulatorStation(WebApplication app, string address)
    {
        this.app = app;
        Address = address;
    }

    /// <summary>The station's address, <c>http://127.0.0.1:&lt;port&gt;</c>.</summary>
    public string Address { get; }

    /// <summary>
    /// Starts the station on <paramref name="port"/> (0, or a port in use: a free one), reading <paramref name="broker"/>,
    /// keeping its archive in <paramref name="recordDirectory"/>, signing every visitor in as <paramref name="demoAccount"/>.
    /// </summary>
    public static SimulatorStation Start(string recordDirectory, MqttBrokerOptions broker, string demoAccount, int port)
    {
        int chosen = port != 0 && LoopbackPorts.IsFree(port) ? port : LoopbackPorts.Free();
        var options = new StationOptions
        {
            ListenUrl = "http://127.0.0.1:" + chosen.ToString(CultureInfo.InvariantCulture),
            Broker = broker,
            DataDirectory = recordDirectory,
            SimulatorKeys = true,
            DemoAccount = demoAccount,
        };

        // The console belongs to the simulator's own view: the station reports only errors there.
        WebApplication app = StationProgram.Build(options, logging => logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Error));
        AccountStore accounts = app.Services.GetRequiredService<AccountStore>();
        foreach ((string id, string name, string role) in new[]
                 {
                     (SimulatorOperators.TechnicianId, "Simulated Technician", "technician"),
                     (SimulatorOperators.QaId, "Simulated QA Reviewer", "qa"),
                     (SimulatorOperators.AdministratorId, "Simulated Administrator", "administrator"),
                 })
        {
            if (accounts.Find(id) == null)
            {
                accounts.Add(id, name, role, SimulatorOperators.PasswordOf(id));
            }
        }

        app.StartAsync().GetAwaiter().GetResult();
        return new SimulatorStation(app, options.ListenUrl);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        app.StopAsync().GetAwaiter().GetResult();
        ((IDisposable)app).Dispose();
    }
}
