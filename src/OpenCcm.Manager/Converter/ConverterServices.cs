namespace OpenCcm.Manager.Converter;

/// <summary>DI registrations of the converter and stored registries.</summary>
internal static class ConverterServices
{
    public static IServiceCollection AddConverter(this IServiceCollection services, ConverterSettings settings)
    {
        services.AddSingleton(settings);
        services.AddSingleton<ConversionSlots>();
        services.AddScoped<RegistrySecrets>();
        services.AddScoped<AccountSigningKeys>();
        services.AddScoped<ManagerConverter>();
        return services;
    }
}
