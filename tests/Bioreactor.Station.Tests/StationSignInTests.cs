using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Bioreactor.Mqtt.Tests;
using Bioreactor.Station.Archive;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Bioreactor.Station.Tests;

/// <summary>Signing in to the station over HTTP, as a browser's form does: passwords, disabled accounts, roles, idle expiry.</summary>
[TestClass]
public sealed class StationSignInTests
{
    private const string Password = "fake-station-password";

    [TestMethod]
    public async Task AWrongPasswordADisabledAccountAndAnUnknownOneAreRefusedAlikeAndLetNobodyIn()
    {
        await using TestStation station = await TestStation.StartAsync(TimeSpan.FromMinutes(15));
        station.Accounts.Add("tech.a", "Alex Tech", AccountStore.Technician, Password);
        station.Accounts.Add("tech.b", "Bo Tech", AccountStore.Technician, Password);
        station.Accounts.Disable("tech.b");

        foreach ((string account, string password) in new[] { ("tech.a", "wrong"), ("tech.b", Password), ("nobody", Password) })
        {
            using HttpClient browser = station.Browser();
            HttpResponseMessage answer = await SignInAsync(browser, account, password);
            Assert.AreEqual("/login?failed=1", answer.Headers.Location?.OriginalString, account);
            Assert.AreEqual(HttpStatusCode.Redirect, (await browser.GetAsync("/")).StatusCode, account + " is not let in");
        }
    }

    [TestMethod]
    public async Task APageOffersWhatThePersonsRoleAllows()
    {
        await using TestStation station = await TestStation.StartAsync(TimeSpan.FromMinutes(15));
        station.Accounts.Add("tech.a", "Alex Tech", AccountStore.Technician, Password);
        station.Accounts.Add("view.a", "Val Viewer", AccountStore.Viewer, Password);
        station.Accounts.Add("qa.a", "Quinn QA", AccountStore.Qa, Password);

        // A device as the fleet monitor sees it (its retained state), and its page rendered on the server first: the HTML
        // shows what the role is offered.
        station.Fleet.OnMessage("bioreactor/br-01/state", System.Text.Encoding.UTF8.GetBytes(
            "{\"seq\":2,\"utc\":1772438401234,\"batch\":\"LOT-1\",\"state\":\"Running\",\"phase\":0,\"alarms\":[]}"), null, null);
        async Task<string> DevicePage(string account)
        {
            using HttpClient browser = station.Browser();
            await SignInAsync(browser, account, Password);
            return await browser.GetStringAsync("/devices/br-01");
        }

        string technician = await DevicePage("tech.a");
        StringAssert.Contains(technician, "id=\"hold\"", "a technician runs batches");
        StringAssert.Contains(technician, "id=\"note\"");
        string viewer = await DevicePage("view.a");
        Assert.IsFalse(viewer.Contains("id=\"hold\"", StringComparison.Ordinal) || viewer.Contains("id=\"note\"", StringComparison.Ordinal), "a viewer only sees");
        StringAssert.Contains(viewer, "gives no commands");
        string qa = await DevicePage("qa.a");
        Assert.IsFalse(qa.Contains("id=\"hold\"", StringComparison.Ordinal), "QA does not drive the process");
        StringAssert.Contains(qa, "id=\"note\"", "QA writes review notes");
    }

    [TestMethod]
    public async Task ASessionEndsAfterItsIdleTimeWithoutARequest()
    {
        await using TestStation station = await TestStation.StartAsync(TimeSpan.FromSeconds(3));
        station.Accounts.Add("tech.a", "Alex Tech", AccountStore.Technician, Password);
        using HttpClient browser = station.Browser();
        await SignInAsync(browser, "tech.a", Password);
        Assert.AreEqual(HttpStatusCode.OK, (await browser.GetAsync("/archive")).StatusCode, "signed in");
        Thread.Sleep(TimeSpan.FromSeconds(4));
        HttpResponseMessage after = await browser.GetAsync("/archive");
        Assert.AreEqual(HttpStatusCode.Redirect, after.StatusCode, "idle longer than the timeout: signed out");
        StringAssert.StartsWith(after.Headers.Location!.AbsolutePath, "/login");
    }

    // The login form's POST with its antiforgery token, as the browser sends it.
    private static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string account, string password)
    {
        string form = await browser.GetStringAsync("/login");
        string token = Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.AreNotEqual(string.Empty, token, "the login form carries an antiforgery token");
        return await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["account"] = account,
            ["password"] = password,
            ["returnUrl"] = "/",
        }));
    }
}
