using System;
using System.Threading;
using System.Threading.Tasks;
using Bioreactor.Station.Components;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Bioreactor.Station;

/// <summary>Builds and runs the station's web application from its options.</summary>
public static class StationProgram
{
    /// <summary>The command-line entry point.</summary>
    public static int Main(string[] args)
    {
        StationOptions options = StationCommandLine.Parse(args, out int exitCode);
        if (options == null)
        {
            return exitCode;
        }

        using WebApplication app = Build(options);
        Console.WriteLine(Review.ReportFonts.Describe());
        app.Run();
        return 0;
    }

    /// <summary>The station's application with every service registered and every page mapped (not started).</summary>
    public static WebApplication Build(StationOptions options)
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
        builder.Services.AddSingleton(options);
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();

        WebApplication app = builder.Build();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
