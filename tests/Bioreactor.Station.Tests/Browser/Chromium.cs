using System;
using System.IO;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace Bioreactor.Station.Tests.Browser;

/// <summary>
/// A headless Chromium from the distribution's packages (Debian: <c>chromium</c>, <c>chromium-driver</c>; the CI script
/// installs them) driven by Selenium WebDriver through the packaged chromedriver. Nothing is downloaded: without the two
/// programs the browser tests fail and say which package is missing.
/// </summary>
internal static class Chromium
{
    private static readonly string[] BrowserPaths = { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" };
    private static readonly string[] DriverPaths = { "/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver" };

    /// <summary>A new headless browser, 1400 × 1000, with a generous page-load timeout for a loaded machine.</summary>
    public static ChromeDriver Start()
    {
        string browser = Array.Find(BrowserPaths, File.Exists)
            ?? throw new InvalidOperationException("Chromium not found (" + string.Join(", ", BrowserPaths) + "): install the Debian package 'chromium'");
        string driver = Array.Find(DriverPaths, File.Exists)
            ?? throw new InvalidOperationException("chromedriver not found (" + string.Join(", ", DriverPaths) + "): install the Debian package 'chromium-driver'");
        var options = new ChromeOptions { BinaryLocation = browser };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000", "--disable-gpu");
        ChromeDriverService service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(driver), Path.GetFileName(driver));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        var chrome = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        chrome.Manage().Timeouts().PageLoad = TimeSpan.FromSeconds(60);
        return chrome;
    }

    /// <summary>Waits until <paramref name="condition"/> holds (polled every 100 ms) or fails after <paramref name="seconds"/>.</summary>
    public static T Until<T>(this IWebDriver driver, Func<IWebDriver, T> condition, double seconds = 45, string what = null)
    {
        var wait = new WebDriverWait(driver, TimeSpan.FromSeconds(seconds)) { PollingInterval = TimeSpan.FromMilliseconds(100) };
        wait.IgnoreExceptionTypes(typeof(NoSuchElementException), typeof(StaleElementReferenceException));
        wait.Message = what;
        return wait.Until(condition);
    }

    /// <summary>
    /// Finds the element and acts on it once it is enabled (a page's controls are disabled until its live connection is
    /// up); true when done (for <see cref="Until{T}"/>, which retries a replaced or still disabled element).
    /// </summary>
    public static bool Act(this IWebDriver driver, By by, Action<IWebElement> action)
    {
        IWebElement element = driver.FindElement(by);
        if (!element.Enabled)
        {
            return false;
        }

        action(element);
        return true;
    }

    /// <summary>Saves a screenshot of the page as a PNG in the test artefacts (and returns its path).</summary>
    public static string Screenshot(this ChromeDriver driver, string name)
    {
        string directory = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, name + ".png");
        driver.GetScreenshot().SaveAsFile(path);
        return path;
    }
}
