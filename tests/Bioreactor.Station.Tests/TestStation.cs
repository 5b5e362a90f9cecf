using System;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Bioreactor.Mqtt.Tests;
using Bioreactor.Station.Archive;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Bioreactor.Station.Tests;

/// <summary>A station on a free port with a throw-away SQLite archive and no broker (the pages do not need one).</summary>
internal sealed class TestStation : IAsyncDisposable
{
    private WebApplication app;

    public string Address { get; private set; }

    public AccountStore Accounts => app.Services.GetRequiredService<AccountStore>();

    public Fleet.FleetMonitor Fleet => app.Services.GetRequiredService<Fleet.FleetMonitor>();

    public RecordArchive Archive => app.Services.GetRequiredService<RecordArchive>();

    public static async Task<TestStation> StartAsync(TimeSpan idleTimeout)
    {
        var station = new TestStation { Address = "http://127.0.0.1:" + FreePort.Next() };
        station.app = StationProgram.Build(
            new StationOptions
            {
                ListenUrl = station.Address,
                DataDirectory = System.IO.Directory.CreateTempSubdirectory("station-signin-").FullName,
                Broker = new Host.Infrastructure.Mqtt.MqttBrokerOptions { Port = FreePort.Next() },
                IdleTimeout = idleTimeout,
            },
            logging => { });
        await station.app.StartAsync();
        return station;
    }

    public HttpClient Browser() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(Address) };

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
