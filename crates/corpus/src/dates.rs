//! Publication dates in the forms news dumps write them, to UTC.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, TimeZone, Utc};

/// Parses the date forms news dumps use; `None` when the text is not a date we recognise.
///
/// Accepted: RFC 3339 (`2025-03-18T10:00:00Z`), `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS]`, `YYYY/MM/DD`,
/// RFC 2822 (`Tue, 18 Mar 2025 10:00:00 +0000`), `Mar 18, 2025`, `March 18, 2025`, `18 March 2025`,
/// and unix timestamps in seconds. Dates without a zone are taken as UTC. Years outside
/// [`SUPPORTED_YEARS`] give `None`.
pub fn parse_date(text: &str) -> Option<DateTime<Utc>> {
    parse_any_date(text).filter(|date| SUPPORTED_YEARS.contains(&date.year()))
}

/// Years a date may have: the index stores nanosecond timestamps, which cover 1678–2262, and no
/// news article is older or newer than this range.
pub const SUPPORTED_YEARS: std::ops::RangeInclusive<i32> = 1700..=2200;

fn parse_any_date(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Ok(parsed) = DateTime::parse_from_rfc3339(text) {
        return Some(parsed.with_timezone(&Utc));
    }
    if let Ok(parsed) = DateTime::parse_from_rfc2822(text) {
        return Some(parsed.with_timezone(&Utc));
    }
    if text.len() <= 11 && text.bytes().all(|b| b.is_ascii_digit()) {
        let seconds: i64 = text.parse().ok()?;
        return Utc.timestamp_opt(seconds, 0).single();
    }
    const DATE_TIME_FORMATS: [&str; 4] = [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S%.f",
    ];
    for format in DATE_TIME_FORMATS {
        if let Ok(parsed) = NaiveDateTime::parse_from_str(text, format) {
            return Some(parsed.and_utc());
        }
    }
    let without_comma = text.replace(',', " ");
    let normalized: String = without_comma
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    const DATE_FORMATS: [&str; 7] = [
        "%Y-%m-%d", "%Y/%m/%d", "%b %d %Y", "%B %d %Y", "%d %b %Y", "%d %B %Y", "%Y%m%d",
    ];
    for format in DATE_FORMATS {
        if let Ok(date) = NaiveDate::parse_from_str(&normalized, format) {
            return date.and_hms_opt(0, 0, 0).map(|midnight| midnight.and_utc());
        }
    }
    // "Mar. 18, 2025" and "Sept 18 2025" as written by some outlets.
    let without_dot = normalized.replacen('.', "", 1).replacen("Sept ", "Sep ", 1);
    if without_dot != normalized {
        for format in ["%b %d %Y", "%B %d %Y"] {
            if let Ok(date) = NaiveDate::parse_from_str(&without_dot, format) {
                return date.and_hms_opt(0, 0, 0).map(|midnight| midnight.and_utc());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(text: &str) -> String {
        parse_date(text)
            .map(|date| date.format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_else(|| "none".into())
    }

    #[test]
    fn accepts_common_news_forms() {
        assert_eq!(ymd("2025-03-18"), "2025-03-18 00:00");
        assert_eq!(ymd("2025-03-18T10:30:00Z"), "2025-03-18 10:30");
        assert_eq!(ymd("2007-02-28T11:46:00-05:00"), "2007-02-28 16:46");
        assert_eq!(ymd("Tue, 18 Mar 2025 10:30:00 +0000"), "2025-03-18 10:30");
        assert_eq!(ymd("Mar 18, 2025"), "2025-03-18 00:00");
        assert_eq!(ymd("March 18, 2025"), "2025-03-18 00:00");
        assert_eq!(ymd("18 March 2025"), "2025-03-18 00:00");
        assert_eq!(ymd("Mar. 18, 2025"), "2025-03-18 00:00");
        assert_eq!(ymd("2025/03/18"), "2025-03-18 00:00");
        assert_eq!(ymd("2025-03-18 10:30:00"), "2025-03-18 10:30");
        assert_eq!(ymd("1742293800"), "2025-03-18 10:30");
    }

    #[test]
    fn rejects_non_dates() {
        assert_eq!(ymd(""), "none");
        assert_eq!(ymd("yesterday"), "none");
        assert_eq!(ymd("2025-13-45"), "none");
        assert_eq!(ymd("0001-01-01x"), "none");
        assert_eq!(ymd("0001-01-01"), "none", "out of the supported years");
        assert_eq!(ymd("9999-12-31"), "none");
    }
}
