//! Calendar time from seconds since the Unix epoch, without a clock or a date
//! crate: both backends stamp their output with `Metadata::modified` (the
//! EPUB's `dcterms:modified`, the PDF's creation date), and must agree.

use std::fmt;

/// A UTC date and time broken into its civil fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UtcTime {
    pub year: i64,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
}

impl UtcTime {
    /// Converts seconds since 1970-01-01T00:00:00Z (Howard Hinnant's
    /// civil-from-days algorithm, exact for the proleptic Gregorian calendar).
    pub fn from_unix(seconds: i64) -> UtcTime {
        let days = seconds.div_euclid(86_400);
        let secs = seconds.rem_euclid(86_400);
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        UtcTime {
            year: yoe + era * 400 + i64::from(month <= 2),
            month: month as u8,
            day: day as u8,
            hour: (secs / 3_600) as u8,
            minute: (secs % 3_600 / 60) as u8,
            second: (secs % 60) as u8,
        }
    }
}

/// ISO 8601 / W3CDTF: `YYYY-MM-DDThh:mm:ssZ`.
impl fmt::Display for UtcTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }
}

#[cfg(test)]
mod tests {
    use super::UtcTime;

    fn iso(seconds: i64) -> String {
        UtcTime::from_unix(seconds).to_string()
    }

    #[test]
    fn timestamps_are_civil_utc() {
        assert_eq!(iso(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(iso(1_220_227_200 + 3_723), "2008-09-01T01:02:03Z");
        assert_eq!(iso(1_767_225_599), "2025-12-31T23:59:59Z");
        assert_eq!(iso(-1), "1969-12-31T23:59:59Z");
    }
}
