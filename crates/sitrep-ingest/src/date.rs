//! Publication dates as `YYYY-MM-DD`, the one form the pipeline resolves relative dates from.

use chrono::{DateTime, NaiveDate};

/// A date written as RFC 3339 / ISO 8601 (`2024-03-05`, `2024-03-05T10:00:00+02:00`,
/// `2024-03-05 10:00`), RFC 2822 (`Tue, 05 Mar 2024 10:00:00 GMT`, as RSS writes it) or
/// `2024/03/05`, as `YYYY-MM-DD`; `None` when it is none of these.
///
/// The day is the one written (the publisher's local day), not converted to UTC: a story
/// dated late in the evening in Baghdad happened on that Baghdad day.
pub fn normalize_date(s: &str) -> Option<String> {
    let s = s.trim();
    if s.is_empty() || s.len() > 200 {
        return None;
    }
    let fmt = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    if let Some(day) = s.get(..10) {
        for f in ["%Y-%m-%d", "%Y/%m/%d"] {
            if let Ok(d) = NaiveDate::parse_from_str(day, f) {
                // Only a date, or a date followed by a time: not `2024-03-051`.
                if s.len() == 10 || s[10..].starts_with(['T', 't', ' ']) {
                    return Some(fmt(d));
                }
            }
        }
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(s) {
        return Some(fmt(d.date_naive()));
    }
    // RFC 2822 with a zone name chrono does not know (`EDT` is known, `CEST` is not): the day
    // stands without it.
    if let Some((head, _zone)) = s.rsplit_once(' ') {
        for f in ["%a, %d %b %Y %H:%M:%S", "%d %b %Y %H:%M:%S", "%a, %d %b %Y %H:%M"] {
            if let Ok(d) = chrono::NaiveDateTime::parse_from_str(head, f) {
                return Some(fmt(d.date()));
            }
        }
    }
    // Compact ISO (`20240305`), as some meta tags write it.
    if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        return NaiveDate::parse_from_str(s, "%Y%m%d").ok().map(fmt);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_forms_become_days() {
        let n = |s: &str| normalize_date(s);
        assert_eq!(n("2024-03-05").as_deref(), Some("2024-03-05"));
        assert_eq!(n(" 2024-03-05T23:30:00+03:00 ").as_deref(), Some("2024-03-05"));
        assert_eq!(n("2024-03-05T23:30:00Z").as_deref(), Some("2024-03-05"));
        assert_eq!(n("2024-03-05 10:00").as_deref(), Some("2024-03-05"));
        assert_eq!(n("2024/03/05").as_deref(), Some("2024-03-05"));
        assert_eq!(n("Tue, 05 Mar 2024 10:00:00 GMT").as_deref(), Some("2024-03-05"));
        assert_eq!(n("Tue, 05 Mar 2024 23:00:00 -0500").as_deref(), Some("2024-03-05"));
        assert_eq!(n("Tue, 05 Mar 2024 10:00:00 CEST").as_deref(), Some("2024-03-05"));
        assert_eq!(n("20240305").as_deref(), Some("2024-03-05"));
        for bad in ["", "yesterday", "May 5", "2024-13-01", "2024-03-051", "2024-02-30"] {
            assert_eq!(n(bad), None, "{bad}");
        }
    }
}
