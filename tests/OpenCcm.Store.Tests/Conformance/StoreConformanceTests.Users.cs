using OpenCcm.Core.Models;
using OpenCcm.Core.Stores;
using OpenCcm.Store.Tests.Infrastructure;

namespace OpenCcm.Store.Tests.Conformance;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task User_CreateThenGetAndFindByEmailIgnoringCase()
    {
        var user = Make.User() with { IsSystemAdministrator = true, EmailVerified = true, LastLoggedInAt = Make.Now, Status = UserStatus.Pending };

        var created = await Users.CreateAsync(user);

        Make.Same(user with { Version = 1 }, created);
        Make.Same(created, await Users.GetAsync(user.Id));
        Make.Same(created, await Users.FindByEmailAsync("  " + user.Email.ToUpperInvariant() + " "));
        Assert.Null(await Users.FindByEmailAsync(Make.Unique("none") + "@example.test"));
        Assert.Null(await Users.GetAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task User_DuplicateEmailInAnotherCase_ThrowsDuplicate()
    {
        var user = await NewUserAsync();

        var error = await Assert.ThrowsAsync<DuplicateException>(async () => await Users.CreateAsync(Make.User() with { Email = user.Email.ToUpperInvariant() }));
        Assert.Equal(nameof(User), error.EntityType);
    }

    [Fact]
    public async Task User_UpdateCountListDelete()
    {
        var user = await NewUserAsync();
        var before = await Users.CountAsync();
        Assert.True(before >= 1);

        var updated = await Users.UpdateAsync(user with { FirstName = "Grace", PasswordHash = "other" });
        Assert.Equal(2, updated.Version);
        Make.Same(updated, await Users.GetAsync(user.Id));
        await Assert.ThrowsAsync<ConcurrencyException>(async () => await Users.UpdateAsync(user with { FirstName = "stale" }));

        var listed = new List<User>();
        for (var offset = 0; ; offset += PageRequest.MaxLimit)
        {
            var page = await Users.ListAsync(new PageRequest(offset, PageRequest.MaxLimit));
            listed.AddRange(page.Items);
            if (page.Items.Count < PageRequest.MaxLimit)
            {
                break;
            }
        }

        Assert.Contains(listed, u => u.Id == user.Id);
        Assert.Equal(listed.OrderBy(u => User.NormalizeEmail(u.Email), StringComparer.Ordinal).Select(u => u.Id), listed.Select(u => u.Id));

        var token = await ApiTokens.CreateAsync(Make.ApiToken(user.Id));
        Assert.True(await Users.DeleteAsync(user.Id));
        Assert.Null(await Users.GetAsync(user.Id));
        Assert.Null(await ApiTokens.GetAsync(token.Id));
        Assert.False(await Users.DeleteAsync(user.Id));
    }

    [Fact]
    public async Task Timestamps_AreKeptInUtcToTheMicrosecond()
    {
        var local = new DateTimeOffset(2026, 5, 6, 7, 8, 9, TimeSpan.FromHours(5.5)).AddTicks(1234567);
        var user = Make.User() with { CreatedAt = local, UpdatedAt = local, LastLoggedInAt = local };

        var created = await Users.CreateAsync(user);
        var read = await Users.GetAsync(user.Id);

        var expected = new DateTimeOffset(2026, 5, 6, 1, 38, 9, TimeSpan.Zero).AddTicks(1234560);
        Assert.Equal(expected, created.CreatedAt);
        Assert.Equal(TimeSpan.Zero, read!.CreatedAt.Offset);
        Assert.Equal(expected.UtcTicks, read.CreatedAt.UtcTicks);
        Assert.Equal(expected.UtcTicks, read.LastLoggedInAt!.Value.UtcTicks);
    }
}
