namespace OpenCcm.Manager.Allowlisting;

/// <summary>DI registration of the allowlisting services (apps, builds, tasks).</summary>
internal static class AllowlistingServices
{
    public static IServiceCollection AddAllowlisting(this IServiceCollection services)
    {
        services.AddScoped<AllowlistTasks>();
        services.AddScoped<TaskEffects>();
        services.AddScoped<TaskDecisions>();
        return services;
    }
}
