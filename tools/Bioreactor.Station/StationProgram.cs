using System;
using System.Threading;
using System.Threading.Tasks;
using Bioreactor.Station.Accounts;
using Bioreactor.Station.Archive;
using Bioreactor.Station.Components;
using Bioreactor.Station.Fleet;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bioreactor.Station;

/// <summary>Builds and runs the station's web application from its options.</summary>
public static class StationProgram
{
    /// <summary>The command-line entry point.</summary>
    public static int Main(string[] args) => StationCommandLine.Run(args);

    /// <summary>The station's application with every service registered and every page mapped (not started).</summary>
    /// <param name="options">How the station runs.</param>
    /// <param name="configureLogging">
    /// Null for a station that is its own program; else the station runs inside another (the simulator, a test): this
    /// replaces its console logging, and the process's Ctrl+C and SIGTERM stay that program's instead of stopping only the
    /// station.
    /// </param>
    public static WebApplication Build(StationOptions options, Action<ILoggingBuilder> configureLogging = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(StationProgram).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });

        // Served from the build output in any environment (the package's and the pages' static files are listed in the
        // static web assets manifest beside the assembly).
        builder.WebHost.UseStaticWebAssets();
        builder.WebHost.UseUrls(options.ListenUrl);
        if (configureLogging != null)
        {
            builder.Logging.ClearProviders();
            configureLogging(builder.Logging);
            builder.Services.AddSingleton<IHostLifetime, HostedInsideLifetime>();
        }

        builder.Services.AddSingleton(options);
        builder.Services.AddStationAuthentication(options);
        builder.Services.AddStationArchive(options);
        builder.Services.AddSingleton<FleetMonitor>();
        builder.Services.AddHostedService(services => services.GetRequiredService<FleetMonitor>());
        builder.Services.AddSingleton<CommandDesk>();
        builder.Services.AddSingleton<Review.ReviewCache>();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();

        WebApplication app = builder.Build();
        app.UseAuthentication();
        app.UseDemoSignIn(options);
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapStaticAssets().AllowAnonymous();
        app.MapStationAccounts(options);
        app.MapArchiveDownloads();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    /// <summary>The lifetime of a station inside another program: no signal handlers; the program stops the station.</summary>
    private sealed class HostedInsideLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
