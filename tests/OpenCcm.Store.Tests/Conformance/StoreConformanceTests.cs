using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Store.Tests.Infrastructure;

namespace OpenCcm.Store.Tests.Conformance;

/// <summary>
/// Every store method, happy and unhappy paths, written once and run on each provider by a subclass
/// (<c>Sqlite/</c>, <c>PostgreSql/</c>). Tests share the class's database, so each works in its own account and with
/// unique names; each test gets a fresh DI scope (one context, like one request).
/// </summary>
public abstract partial class StoreConformanceTests(StoreTestProvider provider) : IAsyncLifetime
{
    private TestDatabase? _database;
    private TestDatabase.Scope? _scope;

    protected TestDatabase Database => _database ?? throw new InvalidOperationException("Not initialised.");

    protected TestDatabase.Scope Scope => _scope ?? throw new InvalidOperationException("Not initialised.");

    protected IAccountStore Accounts => Scope.Get<IAccountStore>();
    protected IUserStore Users => Scope.Get<IUserStore>();
    protected IZoneStore Zones => Scope.Get<IZoneStore>();
    protected IJoinTokenStore JoinTokens => Scope.Get<IJoinTokenStore>();
    protected INodeStore Nodes => Scope.Get<INodeStore>();
    protected IAppStore Apps => Scope.Get<IAppStore>();
    protected IBuildStore Builds => Scope.Get<IBuildStore>();
    protected ITaskStore Tasks => Scope.Get<ITaskStore>();
    protected ICertificateStore Certificates => Scope.Get<ICertificateStore>();
    protected IApiTokenStore ApiTokens => Scope.Get<IApiTokenStore>();
    protected ISealedSecretStore Secrets => Scope.Get<ISealedSecretStore>();
    protected IAuditStore Audit => Scope.Get<IAuditStore>();
    protected IIssuanceStore Issuances => Scope.Get<IIssuanceStore>();
    protected IStoreTransactions Transactions => Scope.Get<IStoreTransactions>();

    public async Task InitializeAsync()
    {
        _database = await provider.SharedDatabaseAsync(GetType().Name);
        _scope = _database.NewScope();
    }

    public async Task DisposeAsync()
    {
        if (_scope is not null)
        {
            await _scope.DisposeAsync();
        }
    }

    protected async Task<Account> NewAccountAsync() => await Accounts.CreateAsync(Make.Account());

    protected async Task<Zone> NewZoneAsync(Guid? accountId = null) =>
        await Zones.CreateAsync(Make.Zone(accountId ?? (await NewAccountAsync()).Id));

    protected async Task<User> NewUserAsync() => await Users.CreateAsync(Make.User());
}
