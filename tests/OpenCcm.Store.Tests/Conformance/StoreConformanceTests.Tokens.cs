using OpenCcm.Core.Models;
using OpenCcm.Core.Security;
using OpenCcm.Core.Stores;
using OpenCcm.Store.Tests.Infrastructure;

namespace OpenCcm.Store.Tests.Conformance;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task ApiToken_CreateFindByHashOfTheTokenOnly()
    {
        var user = await NewUserAsync();
        var secret = SecretToken.Generate("ccma");
        var token = Make.ApiToken(user.Id) with { TokenHash = TokenHash.Compute(secret) };

        var created = await ApiTokens.CreateAsync(token);

        Make.Same(token, created);
        Make.Same(created, await ApiTokens.GetAsync(token.Id));
        Make.Same(created, await ApiTokens.FindByHashAsync(TokenHash.Compute(secret)));
        Assert.Null(await ApiTokens.FindByHashAsync(TokenHash.Compute(secret + "x")));
        Assert.Null(await ApiTokens.GetAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task ApiToken_DuplicateHashOrDangling_ThrowsTyped()
    {
        var user = await NewUserAsync();
        var token = await ApiTokens.CreateAsync(Make.ApiToken(user.Id));

        await Assert.ThrowsAsync<DuplicateException>(async () => await ApiTokens.CreateAsync(Make.ApiToken(user.Id) with { TokenHash = token.TokenHash }));
        await Assert.ThrowsAsync<MissingReferenceException>(async () => await ApiTokens.CreateAsync(Make.ApiToken(Guid.NewGuid())));
        await Assert.ThrowsAsync<MissingReferenceException>(async () => await ApiTokens.CreateAsync(Make.ApiToken(user.Id) with { AccountId = Guid.NewGuid() }));
        await Assert.ThrowsAsync<MissingReferenceException>(async () => await ApiTokens.SelectAccountAsync(token.Id, Guid.NewGuid()));
    }

    [Fact]
    public async Task ApiToken_SelectAccountRecordUseRevokeList()
    {
        var user = await NewUserAsync();
        var account = await NewAccountAsync();
        var api = await ApiTokens.CreateAsync(Make.ApiToken(user.Id));
        var session = await ApiTokens.CreateAsync(Make.ApiToken(user.Id, ApiTokenKind.Session) with { CreatedAt = Make.Now.AddSeconds(1) });

        Assert.True(await ApiTokens.SelectAccountAsync(session.Id, account.Id));
        Assert.Equal(account.Id, (await ApiTokens.GetAsync(session.Id))!.AccountId);
        Assert.True(await ApiTokens.SelectAccountAsync(session.Id, null));
        Assert.Null((await ApiTokens.GetAsync(session.Id))!.AccountId);
        Assert.False(await ApiTokens.SelectAccountAsync(Guid.NewGuid(), null));

        Assert.True(await ApiTokens.RecordUseAsync(api.Id, Make.Now.AddMinutes(3)));
        Assert.Equal(Make.Now.AddMinutes(3), (await ApiTokens.GetAsync(api.Id))!.LastUsedAt);
        Assert.False(await ApiTokens.RecordUseAsync(Guid.NewGuid(), Make.Now));

        Assert.True(await ApiTokens.RevokeAsync(api.Id, Make.Now.AddMinutes(4)));
        Assert.False(await ApiTokens.RevokeAsync(api.Id, Make.Now.AddMinutes(5)));
        Assert.False(await ApiTokens.RevokeAsync(Guid.NewGuid(), Make.Now));
        var revoked = await ApiTokens.GetAsync(api.Id);
        Assert.Equal(Make.Now.AddMinutes(4), revoked!.RevokedAt);
        Assert.False(revoked.IsUsableAt(Make.Now));

        Assert.Equal([session.Id, api.Id], (await ApiTokens.ListForUserAsync(user.Id)).Select(t => t.Id));
        Assert.Empty(await ApiTokens.ListForUserAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task SealedSecret_KeepsBytesOpaqueAndListsByPurposeNewestFirst()
    {
        var purpose = Make.Unique("zone-ca-key");
        var older = await Secrets.CreateAsync(Make.Secret(purpose));
        var newer = await Secrets.CreateAsync(Make.Secret(purpose) with { CreatedAt = Make.Now.AddDays(1), SealedData = [0, 0xff, 0, 1] });

        Make.Same(older, await Secrets.GetAsync(older.Id));
        Assert.Equal(new byte[] { 0, 0xff, 0, 1 }, (await Secrets.GetAsync(newer.Id))!.SealedData);
        Assert.Equal([newer.Id, older.Id], (await Secrets.ListByPurposeAsync(purpose)).Select(s => s.Id));
        Assert.Empty(await Secrets.ListByPurposeAsync(Make.Unique("none")));
        await Assert.ThrowsAsync<DuplicateException>(async () => await Secrets.CreateAsync(Make.Secret(purpose) with { Id = older.Id }));

        Assert.True(await Secrets.DeleteAsync(older.Id));
        Assert.False(await Secrets.DeleteAsync(older.Id));
        Assert.Null(await Secrets.GetAsync(older.Id));
        Assert.Null(await Secrets.GetAsync(Guid.NewGuid()));
    }
}
