using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Bioreactor.Control.Records;
using Bioreactor.Host.Infrastructure.Mqtt;
using Bioreactor.Mqtt.Tests;
using Bioreactor.Station.Archive;
using Bioreactor.Virtual;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace Bioreactor.Station.Tests.Browser;

/// <summary>
/// The station's pages in a real Chromium, against a station on the embedded broker with the plant's users and access
/// list, and simulated devices (the real firmware on the virtual board) running on their own threads. Each test has its
/// own device; the station, the broker and the browser are shared by the class.
/// </summary>
[TestClass]
public sealed class StationBrowserTests
{
    private const string TechnicianStationPassword = "fake-station-password-tech";
    private const string QaStationPassword = "fake-station-password-qa";

    private static EmbeddedTestBroker broker;
    private static WebApplication station;
    private static string address;
    private static string dataDirectory;

    [ClassInitialize]
    public static void StartStation(TestContext context)
    {
        broker = new EmbeddedTestBroker();
        dataDirectory = Directory.CreateTempSubdirectory("station-browser-").FullName;
        address = "http://127.0.0.1:" + FreePort.Next();
        var options = new StationOptions
        {
            ListenUrl = address,
            Broker = new MqttBrokerOptions { Host = "127.0.0.1", Port = broker.Port, Username = TestUsers.Station, Password = TestUsers.PasswordOf(TestUsers.Station) },
            DataDirectory = dataDirectory,
            SimulatorKeys = true,
        };
        station = StationProgram.Build(options, logging => { });
        AccountStore accounts = station.Services.GetRequiredService<AccountStore>();
        accounts.Add(SimulatedDevice.Technician, "Simulated Technician", "technician", TechnicianStationPassword);
        accounts.Add(SimulatedDevice.Qa, "Simulated QA Reviewer", "qa", QaStationPassword);
        station.StartAsync().GetAwaiter().GetResult();
    }

    [ClassCleanup]
    public static void StopStation()
    {
        station?.StopAsync().GetAwaiter().GetResult();
        (station as IDisposable)?.Dispose();
        broker?.Dispose();
    }

    [TestMethod]
    public void TheOverviewShowsTheDeviceAndADoorOpeningTurnsItsTileAbnormalWithTheAlarm()
    {
        using LiveDevice live = StartDevice("sim-station-door", "LOT-UI-DOOR");
        using ChromeDriver chrome = SignIn(SimulatedDevice.Technician, TechnicianStationPassword);
        chrome.Navigate().GoToUrl(address + "/");
        IWebElement tile = chrome.Until(d => d.FindElement(By.Id("tile-sim-station-door")), what: "the device's tile");
        chrome.Until(_ => tile.Text.Contains("LOT-UI-DOOR") && tile.GetAttribute("class").Contains("normal"), what: "a normal tile with the batch");
        chrome.Screenshot("overview");

        live.Do(d => d.Board.AddFault(new Fault(FaultKind.DoorOpen, d.Board.ElapsedSeconds + 1, 3600)));
        chrome.Until(d => d.FindElement(By.Id("tile-sim-station-door")).GetAttribute("data-alarm") == "door_open", what: "the door alarm on the tile");
        IWebElement abnormal = chrome.FindElement(By.Id("tile-sim-station-door"));
        StringAssert.Contains(abnormal.GetAttribute("class"), "alarm-", "the tile's colour says an alarm");
        StringAssert.Contains(abnormal.Text, "door_open");
        StringAssert.Contains(abnormal.Text, "unacknowledged");
    }

    [TestMethod]
    public void AnAcknowledgeSignedInThePageReachesTheDeviceAndItsRecordAndAWrongPasswordIsRefusedWithTheDevicesCode()
    {
        using LiveDevice live = StartDevice("sim-station-ack", "LOT-UI-ACK");
        live.Do(d => d.Board.AddFault(new Fault(FaultKind.DoorOpen, d.Board.ElapsedSeconds + 1, 3600)));
        using ChromeDriver chrome = SignIn(SimulatedDevice.Technician, TechnicianStationPassword);
        chrome.Navigate().GoToUrl(address + "/devices/sim-station-ack");

        // A wrong signing password: the device answers bad_signature, the page says so, nothing is acknowledged.
        Sign(chrome, "ack-door_open", "not-the-signing-password");
        chrome.Until(d => d.FindElement(By.Id("command-outcome")).Text.Contains("bad_signature"), what: "the device's refusal on the page");
        Assert.IsTrue(chrome.FindElement(By.Id("command-outcome")).GetAttribute("class").Contains("refused"));

        // The right one: accepted by the device, recorded with the signer and the meaning.
        Sign(chrome, "ack-door_open", "tech.sim-demo-password");
        chrome.Until(d => d.FindElement(By.Id("command-outcome")).Text.Contains("accepted"), what: "the device's acceptance on the page");
        chrome.Until(d => d.FindElement(By.Id("alarm-door_open")).GetAttribute("data-state") == "acknowledged_active", what: "the alarm acknowledged on the page");
        chrome.Screenshot("device");

        List<OperatorActionEntry> actions = live.Do(d => d.OperatorActions());
        OperatorActionEntry refused = actions.Single(a => a.Action == "AcknowledgeAlarm" && a.Outcome != OperatorActionOutcome.Done);
        OperatorActionEntry accepted = actions.Single(a => a.Action == "AcknowledgeAlarm" && a.Outcome == OperatorActionOutcome.Done);
        Assert.AreEqual(SimulatedDevice.Technician, refused.OperatorId);
        Assert.AreEqual(SimulatedDevice.Technician, accepted.OperatorId);
        Assert.AreEqual((int)Bioreactor.Control.Batch.SignatureMeaning.Performed, accepted.Meaning);
        Assert.AreEqual("Simulated Technician", accepted.SignerName);
    }

    private static LiveDevice StartDevice(string deviceId, string batchId)
    {
        var device = new SimulatedDevice(broker, deviceId, SimulatedDevice.FullRecipeSeconds);
        device.StartBatchLocally(batchId);
        return new LiveDevice(device);
    }

    private static ChromeDriver SignIn(string account, string password)
    {
        ChromeDriver chrome = Chromium.Start();
        chrome.Navigate().GoToUrl(address + "/login");
        chrome.FindElement(By.Id("login-account")).SendKeys(account);
        chrome.FindElement(By.Id("login-password")).SendKeys(password);
        chrome.FindElement(By.Id("login-submit")).Click();
        chrome.Until(d => d.FindElement(By.Id("signed-in-as")).Text.Contains(account), what: "signed in as " + account);
        return chrome;
    }

    private static void Sign(ChromeDriver chrome, string button, string signingPassword)
    {
        // The page re-renders as the device's messages arrive: find and act in one step, again if the element was replaced.
        chrome.Until(d => d.Act(By.Id(button), e => e.Click()), what: "the button " + button);
        chrome.Until(d => d.Act(By.Id("sign-password"), e => e.SendKeys(signingPassword)), what: "the signing dialog");
        chrome.Until(d => d.Act(By.Id("sign-submit"), e => e.Click()), what: "the sign button");
        chrome.Until(d => d.FindElements(By.Id("sign-dialog")).Count == 0, what: "the dialog closed");
    }
}
