using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Manager.Security;
using OpenCcm.Store.EntityFrameworkCore.DependencyInjection;

namespace OpenCcm.Manager.Hosting;

/// <summary>
/// Runs before the server accepts requests: migrates the database, then makes sure an administrator can get in
/// (from <c>CCM_ADMIN_EMAIL</c>/<c>CCM_ADMIN_PASSWORD</c> when no user exists yet, else it says how to sign up).
/// </summary>
internal sealed partial class ManagerStartup(IServiceProvider services, ManagerOptions options, ILogger<ManagerStartup> log, TimeProvider time) : IHostedService
{
    public const string AdminEmailVariable = "CCM_ADMIN_EMAIL";
    public const string AdminPasswordVariable = "CCM_ADMIN_PASSWORD";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await services.MigrateOpenCcmStoreAsync(cancellationToken);
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<IUserStore>();
        if (await users.CountAsync(cancellationToken) > 0)
        {
            return;
        }

        var email = options.AdminEmail;
        var password = options.AdminPassword;
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
        {
            LogNoUser(log, AdminEmailVariable, AdminPasswordVariable);
            return;
        }

        email = email.Trim();
        var now = time.GetUtcNow();
        var hasher = scope.ServiceProvider.GetRequiredService<PasswordHasher>();
        await users.CreateAsync(new User
        {
            Id = Guid.NewGuid(), Email = email, PasswordHash = hasher.Hash(password), IsSystemAdministrator = true, CreatedAt = now, UpdatedAt = now,
        }, cancellationToken);
        LogAdministratorCreated(log, email, AdminEmailVariable);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "No user exists yet. Set {EmailVariable} and {PasswordVariable} and restart to create the system administrator, "
        + "or sign up: curl -X POST <manager>/v1/users -H 'Content-Type: application/json' -d '{{\"user_email\":\"...\",\"user_password\":\"...\"}}'.")]
    private static partial void LogNoUser(ILogger logger, string emailVariable, string passwordVariable);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the system administrator {Email} from {EmailVariable}.")]
    private static partial void LogAdministratorCreated(ILogger logger, string email, string emailVariable);
}
