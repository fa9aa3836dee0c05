//! Checks of values the model holds, shared by the loader, the resolve
//! pass and the backends so that each rule is written once.

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, with a real month and day.
pub fn is_valid_date(date: &str) -> bool {
    let parts: Vec<&str> = date.split('-').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if parts.is_empty() || parts.len() > 3 || !digits(parts[0], 4) {
        return false;
    }
    let year: u32 = parts[0].parse().unwrap_or(0);
    let Some(month) = parts.get(1) else {
        return true;
    };
    if !digits(month, 2) {
        return false;
    }
    let month: u32 = month.parse().unwrap_or(0);
    if !(1..=12).contains(&month) {
        return false;
    }
    let Some(day) = parts.get(2) else {
        return true;
    };
    if !digits(day, 2) {
        return false;
    }
    let day: u32 = day.parse().unwrap_or(0);
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    (1..=days).contains(&day)
}

/// An XML name without a colon (an NCName): what an `id` must be in the
/// EPUB's XHTML and what the PDF's named destinations use.
pub fn is_xml_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '\u{B7}'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_ids() {
        assert!(is_xml_id("intro") && is_xml_id("été-2") && is_xml_id("note.3"));
        assert!(!is_xml_id("2nd") && !is_xml_id("a b") && !is_xml_id("a:b") && !is_xml_id(""));
    }

    #[test]
    fn dates() {
        assert!(is_valid_date("2008") && is_valid_date("2008-09") && is_valid_date("2008-02-29"));
        assert!(
            !is_valid_date("2009-02-29")
                && !is_valid_date("2008-13")
                && !is_valid_date("Sept 2008")
        );
    }
}
