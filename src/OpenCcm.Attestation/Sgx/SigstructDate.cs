namespace OpenCcm.Attestation.Sgx;

/// <summary>SIGSTRUCT DATE: BCD digits yyyymmdd in a u32 (2016-01-09 is 0x20160109; SDM Table 38-19).</summary>
public static class SigstructDate
{
    public static uint Encode(DateOnly date)
    {
        var digits = (date.Year * 10000) + (date.Month * 100) + date.Day;
        uint bcd = 0;
        for (var shift = 0; shift < 32; shift += 4)
        {
            bcd |= (uint)(digits % 10) << shift;
            digits /= 10;
        }

        return bcd;
    }

    /// <summary>The date the BCD digits name, or null when a nibble is not a digit or the date does not exist.</summary>
    public static DateOnly? Decode(uint bcd)
    {
        var digits = 0;
        for (var shift = 28; shift >= 0; shift -= 4)
        {
            var nibble = (int)((bcd >> shift) & 0xF);
            if (nibble > 9)
            {
                return null;
            }

            digits = (digits * 10) + nibble;
        }

        int year = digits / 10000, month = digits / 100 % 100, day = digits % 100;
        return year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            ? new DateOnly(year, month, day)
            : null;
    }
}
