using Microsoft.Extensions.DependencyInjection;
using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Manager.Allowlisting;
using OpenCcm.Manager.Security;
using OpenCcm.Store.EntityFrameworkCore;
using OpenCcm.Store.EntityFrameworkCore.DependencyInjection;
using OpenCcm.Store.EntityFrameworkCore.Stores;

namespace OpenCcm.Manager.Tests;

/// <summary>
/// A decision racing another one (the task's version changed between read and write, as on PostgreSQL under
/// concurrent approvers) is retried once against the fresh task; a second race gives up and changes nothing.
/// </summary>
public sealed class TaskDecisionRetryTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"ccm-decisions-{Guid.NewGuid():N}");
    private readonly RacingTaskStore.Races _races = new();
    private ServiceProvider _services = null!;

    [Fact]
    public async Task OneRace_IsRetried_AndTheDecisionTakesEffect()
    {
        var (caller, taskId, buildId) = await SeedAsync();
        _races.Remaining = 1;

        var (outcome, task) = await DecideAsync(caller, taskId);

        Assert.Equal(TaskDecisionOutcome.Recorded, outcome);
        Assert.Equal(ApprovalTaskStatus.Success, task!.Status);
        Assert.Equal(0, _races.Remaining);
        await using var scope = _services.CreateAsyncScope();
        Assert.Equal(BuildStatus.Whitelisted, (await scope.ServiceProvider.GetRequiredService<IBuildStore>().GetAsync(buildId))!.Status);
    }

    [Fact]
    public async Task TwoRaces_GiveUp_AndChangeNothing()
    {
        var (caller, taskId, buildId) = await SeedAsync();
        _races.Remaining = 2;

        var (outcome, _) = await DecideAsync(caller, taskId);

        Assert.Equal(TaskDecisionOutcome.Concurrent, outcome);
        await using var scope = _services.CreateAsyncScope();
        var task = await scope.ServiceProvider.GetRequiredService<ITaskStore>().GetAsync(taskId);
        Assert.Equal(ApprovalTaskStatus.InProgress, task!.Status);
        Assert.Empty(task.Approvals);
        Assert.Equal(BuildStatus.Pending, (await scope.ServiceProvider.GetRequiredService<IBuildStore>().GetAsync(buildId))!.Status);
        var audit = await scope.ServiceProvider.GetRequiredService<IAuditStore>().ListAsync(new AuditQuery { AccountId = task.AccountId });
        Assert.DoesNotContain(audit, e => e.Action == "task.approve");
    }

    public async Task InitializeAsync()
    {
        var sqlite = StoreOptions.ForSqliteFile(Path.Combine(_directory, "ccm.db"));
        var services = new ServiceCollection()
            .AddOpenCcmStore(store =>
            {
                store.Provider = sqlite.Provider;
                store.ConnectionString = sqlite.ConnectionString;
            })
            .AddSingleton(TimeProvider.System)
            .AddSingleton(_races)
            .AddAllowlisting();
        services.AddScoped<EfTaskStore>();
        services.AddScoped<ITaskStore>(sp => new RacingTaskStore(sp.GetRequiredService<EfTaskStore>(), sp.GetRequiredService<RacingTaskStore.Races>()));
        _services = services.BuildServiceProvider();
        await _services.MigrateOpenCcmStoreAsync();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task<(TaskDecisionOutcome, ApprovalTask?)> DecideAsync(Caller caller, Guid taskId)
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TaskDecisions>().DecideAsync(caller, taskId, ApprovalDecision.Approved, CancellationToken.None);
    }

    private async Task<(Caller Caller, Guid TaskId, Guid BuildId)> SeedAsync()
    {
        await using var scope = _services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var now = DateTimeOffset.UtcNow;
        var account = await provider.GetRequiredService<IAccountStore>().CreateAsync(new Account { Id = Guid.NewGuid(), Name = $"a-{Guid.NewGuid():N}", CreatedAt = now, UpdatedAt = now });
        var app = await provider.GetRequiredService<IAppStore>().CreateAsync(new App { Id = Guid.NewGuid(), AccountId = account.Id, Name = "app", CreatedAt = now, UpdatedAt = now });
        var caller = new Caller(Guid.NewGuid(), "approver@example.com", Guid.NewGuid(), false, account.Id, AccountRole.Writer);
        var buildId = Guid.NewGuid();
        var task = await provider.GetRequiredService<AllowlistTasks>().OpenAsync(caller, TaskType.BuildWhitelist, buildId, "build", [], [], now, CancellationToken.None);
        await provider.GetRequiredService<IBuildStore>().CreateAsync(new Build
        {
            Id = buildId, AccountId = account.Id, AppId = app.Id, TeeKind = TeeKind.Sgx, Status = BuildStatus.Pending, PendingTaskId = task.Id,
            EnclaveInfo = new EnclaveInfo(AllowlistBodies.Hex(32), AllowlistBodies.Hex(32), 0, 0), CreatedAt = now, UpdatedAt = now,
        });
        return (caller, task.Id, buildId);
    }

    /// <summary>A task store whose next updates lose a race: they fail as if another approver had written first.</summary>
    private sealed class RacingTaskStore(ITaskStore inner, RacingTaskStore.Races races) : ITaskStore
    {
        public sealed class Races
        {
            public int Remaining { get; set; }
        }

        public ValueTask<ApprovalTask> CreateAsync(ApprovalTask task, CancellationToken cancellationToken = default) => inner.CreateAsync(task, cancellationToken);

        public ValueTask CreateRangeAsync(IReadOnlyList<ApprovalTask> tasks, CancellationToken cancellationToken = default) => inner.CreateRangeAsync(tasks, cancellationToken);

        public ValueTask<ApprovalTask?> GetAsync(Guid id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);

        public ValueTask<Page<ApprovalTask>> ListAsync(TaskQuery query, PageRequest page, CancellationToken cancellationToken = default) =>
            inner.ListAsync(query, page, cancellationToken);

        public ValueTask<ApprovalTask> UpdateAsync(ApprovalTask task, CancellationToken cancellationToken = default)
        {
            if (races.Remaining > 0)
            {
                races.Remaining--;
                throw new ConcurrencyException("Another approver decided first.");
            }

            return inner.UpdateAsync(task, cancellationToken);
        }
    }
}
