using System.Security.Cryptography.X509Certificates;
using OpenCcm.Core.Models;
using OpenCcm.Manager.Zones;
using OpenCcm.Pki.Authority;
using PkiZoneCa = OpenCcm.Pki.Authority.ZoneCertificateAuthority;

namespace OpenCcm.Manager.Tests;

/// <summary>The zone CRL cache: served until a revocation changes the list or half of the 7-day lifetime passes; numbers only grow.</summary>
public sealed class CrlCacheTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly ManualTime _time = new(Start);
    private readonly Guid _zone = Guid.NewGuid();
    private readonly PkiZoneCa _ca;
    private int _signings;

    public CrlCacheTests() => _ca = PkiZoneCa.Create(Guid.NewGuid().ToString(), _zone.ToString(), new ZoneCaOptions(), _time);

    [Fact]
    public async Task Unchanged_WithinHalfItsLifetime_TheSameCrlIsServed_WithoutSigning()
    {
        var crls = new ZoneCrls(_time);
        var first = await Get(crls, []);
        _time.Now = Start + TimeSpan.FromDays(3.5) - TimeSpan.FromSeconds(1);

        var second = await Get(crls, []);

        Assert.Same(first, second);
        Assert.Equal(1, _signings);
        Assert.Equal(first.ThisUpdate + ZoneCrls.Lifetime, first.NextUpdate);
    }

    [Fact]
    public async Task AfterHalfItsLifetime_ANewCrlWithAHigherNumber()
    {
        var crls = new ZoneCrls(_time);
        var first = await Get(crls, []);
        _time.Now = Start + TimeSpan.FromDays(3.5);

        var second = await Get(crls, []);

        Assert.NotSame(first, second);
        Assert.True(second.Number > first.Number);
        Assert.Equal(_time.Now, second.ThisUpdate);
    }

    [Fact]
    public async Task ARevocation_ReplacesTheCachedCrl_AtOnce_EvenInTheSameSecond()
    {
        var crls = new ZoneCrls(_time);
        var empty = await Get(crls, []);

        var one = await Get(crls, [Revoked("4aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "keyCompromise")]);
        var oneAgain = await Get(crls, [Revoked("4aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "keyCompromise")]);
        var two = await Get(crls, [Revoked("4aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "keyCompromise"), Revoked("4bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", null)]);

        Assert.Equal(0, empty.EntryCount);
        Assert.Equal(1, one.EntryCount);
        Assert.Same(one, oneAgain);
        Assert.Equal(2, two.EntryCount);
        Assert.True(empty.Number < one.Number && one.Number < two.Number);
        Assert.Equal(3, _signings);
    }

    [Fact]
    public async Task ACertificateDroppingOffTheList_AlsoRefreshesIt()
    {
        var crls = new ZoneCrls(_time);
        var listed = await Get(crls, [Revoked("4aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", null)]);

        var gone = await Get(crls, []);

        Assert.Equal(0, gone.EntryCount);
        Assert.True(gone.Number > listed.Number);
    }

    [Fact]
    public void CrlNumbers_FollowTheClock_AndNeverRepeatOrGoBack()
    {
        var numbers = new CrlNumbers();
        var zone = Guid.NewGuid();

        var first = numbers.Next(zone, Start);
        var sameInstant = numbers.Next(zone, Start);
        var clockBack = numbers.Next(zone, Start - TimeSpan.FromHours(1));
        var later = numbers.Next(zone, Start + TimeSpan.FromSeconds(1));

        Assert.Equal((Start - DateTimeOffset.UnixEpoch).Ticks / 10, (long)first);
        Assert.Equal(first + 1, sameInstant);
        Assert.Equal(first + 2, clockBack);
        Assert.Equal(first + 1_000_000, later);
    }

    [Theory]
    [InlineData("keyCompromise", X509RevocationReason.KeyCompromise)]
    [InlineData("cACompromise", X509RevocationReason.CACompromise)]
    [InlineData("cessationOfOperation", X509RevocationReason.CessationOfOperation)]
    [InlineData("removeFromCRL", X509RevocationReason.RemoveFromCrl)]
    [InlineData("superseded", X509RevocationReason.Superseded)]
    [InlineData("unspecified", null)]
    [InlineData("1", null)]
    [InlineData("KeyCompromise,Superseded", null)]
    [InlineData("NODE_DEACTIVATED", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void ReasonNames_MapToRfc5280Reasons_OrToNone(string? name, X509RevocationReason? expected) =>
        Assert.Equal(expected, ZoneCrls.Reason(name));

    public void Dispose() => _ca.Dispose();

    private ValueTask<Pki.Revocation.SignedCrl> Get(ZoneCrls crls, IReadOnlyList<Certificate> revoked) =>
        crls.GetAsync(_zone, revoked, _ =>
        {
            _signings++;
            return ValueTask.FromResult(_ca);
        }, default);

    private Certificate Revoked(string serial, string? reason) => new()
    {
        Id = Guid.NewGuid(), AccountId = Guid.NewGuid(), ZoneId = _zone, Serial = serial, Status = CertificateStatus.Revoked,
        RevokedAt = Start - TimeSpan.FromMinutes(1), Reason = reason, NotAfter = Start + TimeSpan.FromDays(30), CreatedAt = Start, UpdatedAt = Start,
    };

    private sealed class ManualTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
