using System.Net.Http;
using System.Threading.Tasks;
using Bioreactor.Station;
using Microsoft.AspNetCore.Builder;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Station.Tests;

[TestClass]
public sealed class StationStartTests
{
    [TestMethod]
    public async Task ServesItsFirstPageAndTheChartLibrary()
    {
        int port = FreePort();
        await using WebApplication app = StationProgram.Build(new StationOptions { ListenUrl = "http://127.0.0.1:" + port });
        await app.StartAsync();
        using var http = new HttpClient();
        string page = await http.GetStringAsync("http://127.0.0.1:" + port + "/");
        StringAssert.Contains(page, "Fleet");
        HttpResponseMessage plotly = await http.GetAsync("http://127.0.0.1:" + port + "/_content/Plotly.Blazor/plotly-3.7.0.min.js");
        Assert.IsTrue(plotly.IsSuccessStatusCode, "plotly: " + plotly.StatusCode);
        await app.StopAsync();
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
