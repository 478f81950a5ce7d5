using Microsoft.AspNetCore.DataProtection;
using OpenCcm.Manager.Allowlisting;
using OpenCcm.Manager.Converter;
using OpenCcm.Manager.Security;
using OpenCcm.Manager.Tls;
using OpenCcm.Manager.Zones;
using OpenCcm.Pki.Sealing;
using OpenCcm.Store.EntityFrameworkCore;
using OpenCcm.Store.EntityFrameworkCore.DependencyInjection;

namespace OpenCcm.Manager.Hosting;

/// <summary>The manager's services: the store (SQLite in the data directory, or PostgreSQL), time, security.</summary>
internal static class ManagerServices
{
    public static IServiceCollection AddManager(this IServiceCollection services, ManagerOptions options)
    {
        Directory.CreateDirectory(options.DataDirectory);
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new PasswordHasher(options.PasswordHashIterations));
        services.AddSingleton(_ => MasterKeyStore.LoadOrCreate(MasterKeyStoreOptions.FromEnvironment(options.DataDirectory)));
        services.AddSingleton(sp => new SecretSealer(sp.GetRequiredService<MasterKey>()));
        services.AddScoped<ZoneProvisioner>();
        services.AddConverter(options.Converter);
        services.AddAllowlisting();
        services.AddScoped<JoinTokens>();
        services.AddSingleton<ZoneAuthorities>();
        services.AddSingleton<ZoneCrls>();
        services.AddSingleton(sp => ManagerTls.Create(options, sp.GetRequiredService<SecretSealer>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(_ => Attestation.EvidenceVerifierRegistry.CreateDefault());
        services.AddSingleton<Nodes.NodeAttestation>();
        services.AddScoped<Nodes.NodeEnrollment>();
        services.AddScoped<NodeClientResolver>();
        services.AddSingleton<NodeClientCache>();
        services.AddSingleton<NodeChainMemo>();
        services.AddSingleton<Certificates.AllowlistCache>();
        services.AddSingleton<Certificates.WorkloadEvidence>();
        services.AddScoped<Certificates.WorkloadIssuance>();
        services.AddSingleton<Certificates.IssuanceWriter>();
        services.AddSingleton<Nodes.NodeUnresponsiveness>();
        services.AddHostedService(sp => sp.GetRequiredService<Nodes.NodeUnresponsiveness>());
        services.AddSingleton<Heartbeats.HeartbeatWriter>();
        services.AddSingleton<Heartbeats.InstanceUnresponsiveness>();
        services.AddHostedService(sp => sp.GetRequiredService<Heartbeats.InstanceUnresponsiveness>());
        services.AddOpenCcmStore(store =>
        {
            if (options.Database.Equals("sqlite", StringComparison.OrdinalIgnoreCase))
            {
                var sqlite = StoreOptions.ForSqliteFile(Path.Combine(options.DataDirectory, "ccm.db"));
                store.Provider = sqlite.Provider;
                store.ConnectionString = sqlite.ConnectionString;
            }
            else
            {
                store.Provider = StoreProvider.Postgres;
                store.ConnectionString = options.Database;
            }
        });
        // ASP.NET Core's data protection comes with authentication; the manager protects nothing with it (no cookies,
        // no antiforgery), so its key ring stays in the data directory instead of the user's home.
        services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(options.DataDirectory, "data-protection")));
        services.AddAuthentication(BearerAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, BearerAuthenticationHandler>(BearerAuthenticationHandler.SchemeName, null);
        services.AddAuthorization();
        return services;
    }
}
