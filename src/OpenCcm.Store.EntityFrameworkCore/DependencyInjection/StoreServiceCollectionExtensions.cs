using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenCcm.Core.Stores;
using OpenCcm.Store.EntityFrameworkCore.DbContexts;
using OpenCcm.Store.EntityFrameworkCore.Stores;

namespace OpenCcm.Store.EntityFrameworkCore.DependencyInjection;

/// <summary>Registers the EF Core stores.</summary>
public static class StoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers every <c>I*Store</c> of OpenCcm.Core and <see cref="IStoreTransactions"/> as scoped services over one
    /// pooled <see cref="OpenCcmDbContext"/> per scope (the provider's derived context), untracked by default.
    /// Call <see cref="StoreMigrations.MigrateOpenCcmStoreAsync"/> at startup.
    /// </summary>
    /// <exception cref="InvalidOperationException">The configured options are invalid.</exception>
    public static IServiceCollection AddOpenCcmStore(this IServiceCollection services, Action<StoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new StoreOptions();
        configure(options);
        options.Validate();
        services.AddSingleton(options);

        switch (options.Provider)
        {
            case StoreProvider.Sqlite:
                var settings = new SqliteConnectionSettings(options.SqliteBusyTimeout);
                var immediate = new SqliteImmediateTransactions();
                services.AddDbContextPool<OpenCcmDbContext, SqliteOpenCcmDbContext>(builder => builder
                    .UseSqlite(options.ConnectionString)
                    .AddInterceptors(settings, immediate)
                    .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking));
                break;
            case StoreProvider.Postgres:
                services.AddDbContextPool<OpenCcmDbContext, PostgreSqlOpenCcmDbContext>(builder => builder
                    .UseNpgsql(PostgreSqlConnectionDefaults.Apply(options.ConnectionString))
                    .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking));
                break;
        }

        services.AddScoped<IStoreTransactions, EfStoreTransactions>();
        services.AddScoped<IAccountStore, EfAccountStore>();
        services.AddScoped<IUserStore, EfUserStore>();
        services.AddScoped<IZoneStore, EfZoneStore>();
        services.AddScoped<IJoinTokenStore, EfJoinTokenStore>();
        services.AddScoped<INodeStore, EfNodeStore>();
        services.AddScoped<IAppStore, EfAppStore>();
        services.AddScoped<IBuildStore, EfBuildStore>();
        services.AddScoped<ITaskStore, EfTaskStore>();
        services.AddScoped<ICertificateStore, EfCertificateStore>();
        services.AddScoped<IApiTokenStore, EfApiTokenStore>();
        services.AddScoped<ISealedSecretStore, EfSealedSecretStore>();
        services.AddScoped<IImageRegistryStore, EfImageRegistryStore>();
        services.AddScoped<IAuditStore, EfAuditStore>();
        if (options.Provider == StoreProvider.Postgres)
        {
            services.AddScoped(provider => (PostgreSqlOpenCcmDbContext)provider.GetRequiredService<OpenCcmDbContext>());
            services.AddScoped<IIssuanceStore, PostgreSqlIssuanceStore>();
        }
        else
        {
            services.AddScoped(provider => (SqliteOpenCcmDbContext)provider.GetRequiredService<OpenCcmDbContext>());
            services.AddScoped<IIssuanceStore, SqliteIssuanceStore>();
        }

        services.AddScoped<IInstanceStore, EfInstanceStore>();
        return services;
    }
}
