using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Bioreactor.Mqtt.Tests;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Station.Tests;

[TestClass]
public sealed class StationStartTests
{
    [TestMethod]
    public async Task EveryPageButTheLoginNeedsASignedInPersonWhileTheStaticFilesAreServed()
    {
        int port = FreePort.Next();
        string data = System.IO.Directory.CreateTempSubdirectory("station-start-").FullName;
        await using WebApplication app = StationProgram.Build(new StationOptions { ListenUrl = "http://127.0.0.1:" + port, DataDirectory = data });
        await app.StartAsync();
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new System.Uri("http://127.0.0.1:" + port) };

        foreach (string page in new[] { "/", "/devices/br-07", "/archive" })
        {
            HttpResponseMessage closed = await http.GetAsync(page);
            Assert.AreEqual(HttpStatusCode.Redirect, closed.StatusCode, page);
            StringAssert.StartsWith(closed.Headers.Location!.AbsolutePath, "/login", page);
        }

        StringAssert.Contains(await http.GetStringAsync("/login"), "Sign in");
        HttpResponseMessage plotly = await http.GetAsync("/_content/Plotly.Blazor/plotly-basic-3.7.0.min.js");
        Assert.AreEqual(HttpStatusCode.OK, plotly.StatusCode, "the chart library arrives from its package");
        await app.StopAsync();
    }
}
