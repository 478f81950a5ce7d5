using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Store.Tests.Infrastructure;

namespace OpenCcm.Store.Tests.Conformance;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task App_CreateGetFindListUpdateDelete()
    {
        var account = await NewAccountAsync();
        var app = Make.App(account.Id) with { Name = "b-app" };
        var created = await Apps.CreateAsync(app);
        var first = await Apps.CreateAsync(Make.App(account.Id) with { Name = "a-app", AdvancedSettingsJson = null });

        Make.Same(app with { Version = 1 }, created);
        Make.Same(created, await Apps.GetAsync(app.Id));
        Make.Same(created, await Apps.FindByNameAsync(account.Id, "b-app"));
        Assert.Null(await Apps.FindByNameAsync(Guid.NewGuid(), "b-app"));
        Assert.Null(await Apps.GetAsync(Guid.NewGuid()));

        var page = await Apps.ListAsync(account.Id, new PageRequest(0, 1));
        Assert.Equal(2, page.TotalCount);
        Assert.Equal([first.Id], page.Items.Select(a => a.Id));

        var updated = await Apps.UpdateAsync(created with { WhitelistedDomains = ["a.example.test", "b.example.test"], PendingTaskId = Guid.NewGuid() });
        Make.Same(updated, await Apps.GetAsync(app.Id));
        await Assert.ThrowsAsync<ConcurrencyException>(async () => await Apps.UpdateAsync(created));
        await Assert.ThrowsAsync<DuplicateException>(async () => await Apps.UpdateAsync(updated with { Name = "a-app" }));

        var build = await Builds.CreateAsync(Make.SgxBuild(updated));
        Assert.True(await Apps.DeleteAsync(app.Id));
        Assert.Null(await Builds.GetAsync(build.Id));
        Assert.False(await Apps.DeleteAsync(app.Id));
    }

    [Fact]
    public async Task App_DuplicateNameOrUnknownAccount_ThrowsTyped()
    {
        var app = await Apps.CreateAsync(Make.App((await NewAccountAsync()).Id));

        await Assert.ThrowsAsync<DuplicateException>(async () => await Apps.CreateAsync(Make.App(app.AccountId) with { Name = app.Name }));
        await Assert.ThrowsAsync<MissingReferenceException>(async () => await Apps.CreateAsync(Make.App(Guid.NewGuid())));
    }

    [Fact]
    public async Task Build_Sgx_RoundTripsAndIsFoundByMrenclaveInAnyCase()
    {
        var app = await Apps.CreateAsync(Make.App((await NewAccountAsync()).Id));
        var build = Make.SgxBuild(app) with { Debug = true };

        var created = await Builds.CreateAsync(build);

        Make.Same(build with { Version = 1 }, created);
        Make.Same(created, await Builds.GetAsync(build.Id));
        Make.Same(created, await Builds.FindByMeasurementAsync(app.AccountId, TeeKind.Sgx, build.EnclaveInfo!.Mrenclave.ToUpperInvariant()));
        Assert.Null(await Builds.FindByMeasurementAsync(app.AccountId, TeeKind.Tdx, build.EnclaveInfo.Mrenclave));
        Assert.Null(await Builds.FindByMeasurementAsync(Guid.NewGuid(), TeeKind.Sgx, build.EnclaveInfo.Mrenclave));
        Assert.Null(await Builds.GetAsync(Guid.NewGuid()));
    }

    [Theory]
    [InlineData(TeeKind.Tdx, "mrTd")]
    [InlineData(TeeKind.SevSnp, "measurement")]
    [InlineData(TeeKind.Nitro, "pcr0")]
    public async Task Build_OtherTees_RoundTripMeasurements(TeeKind kind, string identity)
    {
        var app = await Apps.CreateAsync(Make.App((await NewAccountAsync()).Id));
        var measurement = Make.Hex(48);
        var build = Make.SgxBuild(app) with
        {
            TeeKind = kind, EnclaveInfo = null, DockerInfo = null,
            Measurements = new Dictionary<string, string> { [identity] = measurement, ["extra"] = Make.Hex(48) },
        };

        var created = await Builds.CreateAsync(build);

        Make.Same(build with { Version = 1 }, created);
        Make.Same(created, await Builds.FindByMeasurementAsync(app.AccountId, kind, measurement));
    }

    [Fact]
    public async Task Build_MrenclaveIsUniquePerAccount()
    {
        var app = await Apps.CreateAsync(Make.App((await NewAccountAsync()).Id));
        var otherApp = await Apps.CreateAsync(Make.App(app.AccountId));
        var otherAccountApp = await Apps.CreateAsync(Make.App((await NewAccountAsync()).Id));
        var build = await Builds.CreateAsync(Make.SgxBuild(app));
        var mrenclave = build.EnclaveInfo!.Mrenclave;

        var error = await Assert.ThrowsAsync<DuplicateException>(async () => await Builds.CreateAsync(Make.SgxBuild(otherApp, mrenclave.ToUpperInvariant())));
        Assert.Equal(nameof(Build), error.EntityType);
        var elsewhere = await Builds.CreateAsync(Make.SgxBuild(otherAccountApp, mrenclave));
        Assert.Equal(mrenclave, elsewhere.EnclaveInfo!.Mrenclave);
    }

    [Fact]
    public async Task Build_InvalidOrDangling_IsRefused()
    {
        var app = await Apps.CreateAsync(Make.App((await NewAccountAsync()).Id));

        await Assert.ThrowsAsync<ArgumentException>(async () => await Builds.CreateAsync(Make.SgxBuild(app) with { EnclaveInfo = null }));
        await Assert.ThrowsAsync<ArgumentException>(async () => await Builds.CreateAsync(Make.SgxBuild(app) with { TeeKind = TeeKind.Nitro }));
        await Assert.ThrowsAsync<MissingReferenceException>(async () => await Builds.CreateAsync(Make.SgxBuild(app) with { AppId = Guid.NewGuid() }));
    }

    [Fact]
    public async Task Build_ListUpdateDelete()
    {
        var app = await Apps.CreateAsync(Make.App((await NewAccountAsync()).Id));
        var otherApp = await Apps.CreateAsync(Make.App(app.AccountId));
        var first = await Builds.CreateAsync(Make.SgxBuild(app));
        var second = await Builds.CreateAsync(Make.SgxBuild(app) with { CreatedAt = Make.Now.AddSeconds(1) });
        var third = await Builds.CreateAsync(Make.SgxBuild(otherApp) with { CreatedAt = Make.Now.AddSeconds(2) });

        var whitelisted = await Builds.UpdateAsync(second with { Status = BuildStatus.Whitelisted, PendingTaskId = null });
        Assert.Equal(2, whitelisted.Version);
        await Assert.ThrowsAsync<ConcurrencyException>(async () => await Builds.UpdateAsync(second with { Status = BuildStatus.Rejected }));
        await Assert.ThrowsAsync<DuplicateException>(async () => await Builds.UpdateAsync(whitelisted with { EnclaveInfo = first.EnclaveInfo }));

        var all = await Builds.ListAsync(new BuildQuery { AccountId = app.AccountId }, PageRequest.First);
        Assert.Equal([first.Id, second.Id, third.Id], all.Items.Select(b => b.Id));
        var ofApp = await Builds.ListAsync(new BuildQuery { AccountId = app.AccountId, AppId = app.Id }, PageRequest.First);
        Assert.Equal([first.Id, second.Id], ofApp.Items.Select(b => b.Id));
        var allowed = await Builds.ListAsync(new BuildQuery { AccountId = app.AccountId, Status = BuildStatus.Whitelisted }, PageRequest.First);
        Make.Same(new[] { whitelisted }, allowed.Items);

        Assert.True(await Builds.DeleteAsync(first.Id));
        Assert.False(await Builds.DeleteAsync(first.Id));
        Assert.Null(await Builds.GetAsync(first.Id));
    }
}
