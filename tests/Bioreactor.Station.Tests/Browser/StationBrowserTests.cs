using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Bioreactor.Control.Batch;
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
        chrome.Until(d => d.FindElement(By.Id("tile-sim-station-door")) is IWebElement tile && tile.Text.Contains("LOT-UI-DOOR")
            && tile.GetAttribute("class").Contains("normal"), what: "a normal tile with the batch");

        live.Do(d => d.Board.AddFault(new Fault(FaultKind.DoorOpen, d.Board.ElapsedSeconds + 1, 3600)));
        chrome.Until(d => d.FindElement(By.Id("tile-sim-station-door")).GetAttribute("data-alarm") == "door_open", what: "the door alarm on the tile");
        string[] tile = Read(chrome, "const t = document.getElementById('tile-sim-station-door'); return [t.className, t.innerText];");
        StringAssert.Contains(tile[0], "alarm-", "the tile's colour says an alarm");
        StringAssert.Contains(tile[1], "door_open");
        StringAssert.Contains(tile[1], "unacknowledged");
        chrome.Screenshot("overview");
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

    [TestMethod]
    public void AQaReleaseFromTheReviewPageClosesTheRecordWhosePdfReportHoldsTheBatchItsExceptionsAndItsSignatures()
    {
        using LiveDevice live = StartDevice("sim-station-release", "LOT-UI-REL", SimulatedDevice.ShortRecipeSeconds);
        live.Do(d => d.Board.AddFault(new Fault(FaultKind.DoorOpen, d.Board.ElapsedSeconds + 5, 60)));
        Assert.IsTrue(SpinUntil(() => live.Do(d => d.Firmware.Batch.AwaitingConfirmation), 60), "the short batch reaches its harvest");
        live.Do(d => d.Firmware.Execute(OperatorRequest.ConfirmPhase(SimulatedDevice.Technician, "cells harvested")));

        // The station fetches the record when the batch completes; QA reviews it and releases it with a signature.
        using ChromeDriver chrome = SignIn(SimulatedDevice.Qa, QaStationPassword);
        chrome.Navigate().GoToUrl(address + "/review/sim-station-release/LOT-UI-REL");
        chrome.Until(d =>
        {
            if (d.FindElements(By.Id("release")).Count > 0)
            {
                return true;
            }

            d.Navigate().Refresh(); // the archive fetches the record once the batch has completed
            return false;
        }, 60, "the archived record with its release button");
        chrome.Until(d => d.FindElement(By.Id("review-verification")).GetAttribute("data-outcome") == "INTACT", what: "an intact record");
        Assert.AreEqual(0, chrome.FindElements(By.Id("released-by")).Count, "no release named before there is one");
        chrome.Until(d => d.Act(By.Id("release-reason"), e => e.SendKeys("batch record reviewed, no open deviation")), what: "the reason field");
        Sign(chrome, "release", "qa.sim-demo-password");
        chrome.Until(d => d.FindElement(By.Id("command-outcome")).Text.Contains("accepted"), what: "the device accepted the release");
        Assert.IsTrue(SpinUntil(() => live.Do(d => d.Firmware.Record.IsClosed), 30), "the release closes the device's record");

        // The closed record comes to the archive again; the page shows who released it. Read in one step with the
        // excursions: the page renders again, loading the record anew, once its live connection is up.
        string[] page = chrome.Until(d =>
        {
            d.Navigate().Refresh();
            string[] read = Read(chrome, "const r = document.getElementById('released-by'); return r == null ? [] : "
                + "[r.innerText].concat(Array.from(document.querySelectorAll('#excursions tr.abnormal td:first-child'), c => c.innerText));");
            return read.Length > 0 ? read : null;
        }, 60, "the review of the closed record names the release");
        string released = page[0];
        StringAssert.Contains(released, "Simulated QA Reviewer");
        StringAssert.Contains(released, "released");
        chrome.Screenshot("review");

        // The PDF report, fetched with the browser's session, read back as text.
        byte[] pdf = Download(chrome, "/archive/sim-station-release/LOT-UI-REL/report.pdf");
        string text = PdfText(pdf);
        StringAssert.Contains(text, "LOT-UI-REL");
        StringAssert.Contains(text, "INTACT");
        StringAssert.Contains(text, "released");
        StringAssert.Contains(text, "door_open", "the door alarm is among the exceptions");
        foreach (string variable in page.Skip(1).Distinct())
        {
            StringAssert.Contains(text, variable, "each excursion's variable");
        }

        // The CSV export the client writes, zipped: samples, events, alarms and the audit trail with the signatures.
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(Download(chrome, "/archive/sim-station-release/LOT-UI-REL/export.zip")));
        CollectionAssert.AreEquivalent(
            new[] { Bioreactor.BatchRecords.CsvExport.SamplesFile, Bioreactor.BatchRecords.CsvExport.EventsFile, Bioreactor.BatchRecords.CsvExport.AlarmsFile, Bioreactor.BatchRecords.CsvExport.AuditFile },
            zip.Entries.Select(e => e.Name).ToArray());
        using var audit = new StreamReader(zip.GetEntry(Bioreactor.BatchRecords.CsvExport.AuditFile)!.Open());
        StringAssert.Contains(audit.ReadToEnd(), "Simulated QA Reviewer", "the release's signer in the audit trail");
    }

    [TestMethod]
    public void ATechnicianStartsABatchFromARecipeFileAndChangesASetPointEachSignedInThePage()
    {
        var device = new SimulatedDevice(broker, "sim-station-1", SimulatedDevice.FullRecipeSeconds);
        using var live = new LiveDevice(device);
        string recipe = Path.Combine(Directory.CreateTempSubdirectory("station-recipe-").FullName, "expansion.recipe");
        File.WriteAllText(recipe, device.RecipeText);
        using ChromeDriver chrome = SignIn(SimulatedDevice.Technician, TechnicianStationPassword);
        chrome.Navigate().GoToUrl(address + "/devices/sim-station-1");

        chrome.Until(d => d.Act(By.Id("recipe-file"), e => e.SendKeys(recipe)), what: "the recipe file input");
        chrome.Until(d => d.Act(By.Id("start-batch"), e => e.SendKeys("LOT-UI-START")), what: "the batch id field");
        chrome.Until(d => d.FindElement(By.Id("start")).Enabled, what: "start enabled once a recipe and a batch id are given");
        Sign(chrome, "start", "tech.sim-demo-password");
        chrome.Until(d => d.FindElement(By.Id("command-outcome")).Text.Contains("start accepted"), what: "the start accepted");
        Assert.IsTrue(SpinUntil(() => live.Do(d => d.Firmware.Batch.BatchId) == "LOT-UI-START", 30), "the device runs the batch");
        chrome.Until(d => d.FindElement(By.Id("batch-state")).Text == "Running", what: "the page shows it running");

        chrome.Until(d => d.Act(By.Id("reason"), e => e.SendKeys("slightly warmer for the activation")), what: "the reason field");
        chrome.Until(d => d.Act(By.Id("setpoint-value"), e => e.SendKeys("37.2")), what: "the set point field");
        Sign(chrome, "setpoint", "tech.sim-demo-password");
        chrome.Until(d => d.FindElement(By.Id("command-outcome")).Text.Contains("setpoint accepted"), what: "the set point accepted");

        List<OperatorActionEntry> actions = live.Do(d => d.OperatorActions());
        OperatorActionEntry start = actions.Single(a => a.Action == "Start");
        OperatorActionEntry setPoint = actions.Single(a => a.Action == "ChangeSetPoint");
        Assert.AreEqual(SimulatedDevice.Technician, start.OperatorId);
        Assert.AreEqual("Simulated Technician", start.SignerName, "signed");
        Assert.AreEqual("37.2", setPoint.NewValue);
        Assert.AreEqual("slightly warmer for the activation", setPoint.Reason);
        Assert.AreEqual((int)SignatureMeaning.Performed, setPoint.Meaning);
    }

    [TestMethod]
    public void ATamperedArchivedRecordIsFlaggedAndNeverShownAsGood()
    {
        using LiveDevice live = StartDevice("sim-station-fetch", "LOT-UI-TAMPER");
        Assert.IsTrue(SpinUntil(() => live.Do(d => d.Firmware.Record.LastDurableSequence) > 50, 30), "some entries durable");
        byte[] bytes = live.Do(d => File.ReadAllBytes(Directory.GetFiles(d.Simulation.RecordDirectory, "LOT-UI-TAMPER*")[0]));
        bytes[bytes.Length / 2] ^= 0x20; // one bit inside an entry in the middle of the record
        RecordArchive archive = station.Services.GetRequiredService<RecordArchive>();
        // Archived under a device id no live device has, so that no fetch of the station replaces or supersedes this copy.
        archive.Store("sim-station-2", "LOT-UI-TAMPER", bytes, open: true);

        using ChromeDriver chrome = SignIn(SimulatedDevice.Qa, QaStationPassword);
        chrome.Navigate().GoToUrl(address + "/archive");
        chrome.Until(d => d.FindElement(By.Id("record-sim-station-2-LOT-UI-TAMPER")), what: "the tampered record's row");
        string[] row = Read(chrome, "const r = document.getElementById('record-sim-station-2-LOT-UI-TAMPER'); "
            + "return [r.dataset.verification, String(r.querySelectorAll('.flag-bad').length), String(r.querySelectorAll('.flag-good').length)];");
        Assert.AreEqual("broken", row[0]);
        Assert.AreEqual("1", row[1], "flagged");
        Assert.AreEqual("0", row[2], "never shown as good");
        chrome.Navigate().GoToUrl(address + "/review/sim-station-2/LOT-UI-TAMPER");
        chrome.Until(d => d.FindElement(By.Id("review-verification")).GetAttribute("data-outcome") == "BROKEN", what: "the review says BROKEN");
    }

    // Reads the page in one script, so nothing read can be replaced by a re-render half-way.
    private static string[] Read(ChromeDriver chrome, string script) =>
        ((IReadOnlyCollection<object>)chrome.ExecuteScript(script)).Select(o => o?.ToString()).ToArray();

    private static bool SpinUntil(Func<bool> condition, double seconds) =>
        System.Threading.SpinWait.SpinUntil(() =>
        {
            if (condition())
            {
                return true;
            }

            System.Threading.Thread.Sleep(50);
            return false;
        }, TimeSpan.FromSeconds(seconds));

    // A GET with the browser's session cookie.
    private static byte[] Download(ChromeDriver chrome, string path)
    {
        var cookies = new System.Net.CookieContainer();
        foreach (OpenQA.Selenium.Cookie cookie in chrome.Manage().Cookies.AllCookies)
        {
            cookies.Add(new Uri(address), new System.Net.Cookie(cookie.Name, cookie.Value));
        }

        using var http = new System.Net.Http.HttpClient(new System.Net.Http.HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false });
        System.Net.Http.HttpResponseMessage response = http.GetAsync(address + path).GetAwaiter().GetResult();
        Assert.AreEqual(System.Net.HttpStatusCode.OK, response.StatusCode, path);
        return response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
    }

    private static string PdfText(byte[] pdf)
    {
        using UglyToad.PdfPig.PdfDocument document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        return string.Join("\n", document.GetPages().Select(page => string.Join(" ", page.GetWords().Select(w => w.Text))));
    }

    private static LiveDevice StartDevice(string deviceId, string batchId, double recipeSeconds = SimulatedDevice.FullRecipeSeconds)
    {
        var device = new SimulatedDevice(broker, deviceId, recipeSeconds);
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
