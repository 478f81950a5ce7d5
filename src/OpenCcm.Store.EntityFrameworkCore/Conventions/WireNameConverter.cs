using System.Diagnostics.CodeAnalysis;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using OpenCcm.Core.Models;

namespace OpenCcm.Store.EntityFrameworkCore.Conventions;

/// <summary>Stores an enum as its wire name (e.g. <c>INPROGRESS</c>), so rows read the same as the API and survive member reordering.</summary>
public sealed class WireNameConverter<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] TEnum>()
    : ValueConverter<TEnum, string>(v => WireNames.Of(v), s => WireNames.Parse<TEnum>(s))
    where TEnum : struct, Enum;
