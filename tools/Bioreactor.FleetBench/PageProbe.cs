using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.IO;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace Bioreactor.FleetBench;

/// <summary>
/// The overview page in headless Chromium (Selenium WebDriver on Debian's chromium and chromium-driver), with a
/// MutationObserver that notes, for every change of a tile's <c>data-telemetry-utc</c>, the browser's clock minus that
/// time: a telemetry message's way from the device's publish to the page's DOM (broker, the station's MQTT session and
/// summary, the page's render throttle, the Blazor circuit, the DOM update). Same machine, same clock.
/// </summary>
internal sealed class PageProbe : IDisposable
{
    /// <summary>Where Debian's packages put the browser and its driver.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>Debian's chromium-driver.</summary>
    public const string DriverPath = "/usr/bin/chromedriver";

    // Only changes after Start count; each records Date.now() - the new value (ms), as long as the value is a newer time.
    private const string ObserverScript = @"
window.__fleetLatencies = [];
window.__fleetObserver = new MutationObserver(function (mutations) {
  var now = Date.now();
  for (var i = 0; i < mutations.length; i++) {
    var m = mutations[i];
    var value = Number(m.target.getAttribute('data-telemetry-utc'));
    var old = Number(m.oldValue);
    if (value > 0 && value > old) { window.__fleetLatencies.push(now - value); }
  }
});
window.__fleetObserver.observe(document.body, { attributes: true, attributeOldValue: true, subtree: true, attributeFilter: ['data-telemetry-utc'] });
return true;";

    private readonly ChromeDriverService service;
    private readonly ChromeDriver driver;
    private readonly List<string> screens = new();

    private PageProbe(ChromeDriverService service, ChromeDriver driver)
    {
        this.service = service;
        this.driver = driver;
        screens.Add(driver.CurrentWindowHandle);
    }

    /// <summary>The overview pages open (each a tab of its own and a circuit of its own on the station).</summary>
    public int Screens => screens.Count;

    /// <summary>The chromedriver's process id: the root of the browser's process tree (for its CPU figure).</summary>
    public int DriverProcessId => service.ProcessId;

    /// <summary>An error naming the packages when the browser or its driver is missing; null when both are there.</summary>
    public static string Missing()
    {
        var missing = new List<string>();
        if (!File.Exists(ChromiumPath))
        {
            missing.Add(ChromiumPath + " (package chromium)");
        }

        if (!File.Exists(DriverPath))
        {
            missing.Add(DriverPath + " (package chromium-driver)");
        }

        return missing.Count == 0 ? null : "not found: " + string.Join(", ", missing) + "; install chromium and chromium-driver (Debian: apt-get install chromium chromium-driver)";
    }

    /// <summary>Opens <paramref name="address"/> (the overview, signed in by the station's demonstration account).</summary>
    public static PageProbe Open(string address, int width = 1920, int height = 1080)
    {
        string missing = Missing();
        if (missing != null)
        {
            throw new InvalidOperationException(missing);
        }

        ChromeDriverService service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(DriverPath), Path.GetFileName(DriverPath));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        var options = new ChromeOptions { BinaryLocation = ChromiumPath };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=" + width.ToString(CultureInfo.InvariantCulture) + "," + height.ToString(CultureInfo.InvariantCulture),
            "--disable-background-timer-throttling", "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows");
        var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        try
        {
            driver.Navigate().GoToUrl(address);
            return new PageProbe(service, driver);
        }
        catch
        {
            driver.Quit();
            service.Dispose();
            throw;
        }
    }

    /// <summary>Opens <paramref name="extra"/> more tabs on <paramref name="address"/>: more screens watching the fleet.</summary>
    public void OpenMoreScreens(string address, int extra)
    {
        for (int index = 0; index < extra; index++)
        {
            driver.SwitchTo().NewWindow(WindowType.Tab);
            driver.Navigate().GoToUrl(address);
            screens.Add(driver.CurrentWindowHandle);
        }

        driver.SwitchTo().Window(screens[0]);
    }

    /// <summary>The number of device tiles on the page now.</summary>
    public int TileCount() => Convert.ToInt32(driver.ExecuteScript("return document.querySelectorAll('a.tile[id^=\"tile-\"]').length;"), CultureInfo.InvariantCulture);

    /// <summary>The ids of the tiles on the page (<c>tile-&lt;device&gt;</c>).</summary>
    public IReadOnlyList<string> TileIds()
    {
        var ids = new List<string>();
        if (driver.ExecuteScript("return Array.from(document.querySelectorAll('a.tile[id^=\"tile-\"]')).map(function (a) { return a.id; });") is ReadOnlyCollection<object> list)
        {
            foreach (object id in list)
            {
                ids.Add((string)id);
            }
        }

        return ids;
    }

    /// <summary>Waits until every screen shows at least <paramref name="tiles"/> tiles, each with a telemetry time; false on timeout.</summary>
    public bool WaitForTiles(int tiles, TimeSpan timeout)
    {
        try
        {
            foreach (string screen in screens)
            {
                driver.SwitchTo().Window(screen);
                if (!WaitForTilesHere(tiles, timeout))
                {
                    return false;
                }
            }

            return true;
        }
        finally
        {
            driver.SwitchTo().Window(screens[0]);
        }
    }

    private bool WaitForTilesHere(int tiles, TimeSpan timeout)
    {
        var wait = new WebDriverWait(driver, timeout) { PollingInterval = TimeSpan.FromMilliseconds(250) };
        try
        {
            return wait.Until(d => Convert.ToInt32(((IJavaScriptExecutor)d).ExecuteScript(
                "return Array.from(document.querySelectorAll('a.tile[id^=\"tile-\"]')).filter(function (a) { return Number(a.getAttribute('data-telemetry-utc')) > 0; }).length;"),
                CultureInfo.InvariantCulture) >= tiles);
        }
        catch (WebDriverTimeoutException)
        {
            return false;
        }
    }

    /// <summary>Starts noting latencies (from now on) on every screen.</summary>
    public void Start()
    {
        foreach (string screen in screens)
        {
            driver.SwitchTo().Window(screen);
            driver.ExecuteScript(ObserverScript);
        }

        driver.SwitchTo().Window(screens[0]);
    }

    /// <summary>Stops the observers; the latencies noted on every screen (ms), unsorted.</summary>
    public List<double> Collect()
    {
        var latencies = new List<double>();
        foreach (string screen in screens)
        {
            driver.SwitchTo().Window(screen);
            object result = driver.ExecuteScript("window.__fleetObserver.disconnect(); return window.__fleetLatencies;");
            if (result is ReadOnlyCollection<object> values)
            {
                foreach (object value in values)
                {
                    latencies.Add(Convert.ToDouble(value, CultureInfo.InvariantCulture));
                }
            }
        }

        driver.SwitchTo().Window(screens[0]);
        return latencies;
    }

    /// <summary>The page's text (for a failure message).</summary>
    public string PageText()
    {
        try
        {
            return driver.FindElement(By.TagName("body")).Text;
        }
        catch (WebDriverException e)
        {
            return e.Message;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        try
        {
            driver.Quit();
        }
        catch (WebDriverException)
        {
        }

        driver.Dispose();
        service.Dispose();
    }
}
