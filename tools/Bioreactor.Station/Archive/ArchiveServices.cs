using System;
using Bioreactor.Station.Mqtt;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bioreactor.Station.Archive;

/// <summary>Registers the station's storage, archive and device requests.</summary>
public static class ArchiveServices
{
    /// <summary>
    /// Adds, as singletons: <see cref="StationDatabase"/> (opened and migrated at first use), <see cref="AccountStore"/>,
    /// <see cref="RecordKeyring"/>, <see cref="RecordArchive"/>, <see cref="DeviceRequests"/> (connects at the first
    /// request), <see cref="RecordFetcher"/> and <see cref="ArchiveService"/> (also run as a hosted service), and the
    /// <see cref="ArchiveWitness"/> that feeds it the fleet monitor's chain heads and batch ends.
    /// </summary>
    public static IServiceCollection AddStationArchive(this IServiceCollection services, StationOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(_ => StationDatabase.Open(options.Database, options.DataDirectory));
        services.AddSingleton<AccountStore>();
        services.AddSingleton(_ => new RecordKeyring(options.RecordKeyDirectory, options.SimulatorKeys));
        services.AddSingleton<RecordArchive>();
        services.AddSingleton(provider =>
        {
            ILogger logger = provider.GetService<ILoggerFactory>()?.CreateLogger(typeof(DeviceRequests).FullName);
            return new DeviceRequests(options.Broker, line => logger?.LogInformation("{Line}", line));
        });
        services.AddSingleton<RecordFetcher>();
        services.AddSingleton<ArchiveService>();
        services.AddHostedService(provider => provider.GetRequiredService<ArchiveService>());
        services.AddHostedService<ArchiveWitness>();
        return services;
    }
}
