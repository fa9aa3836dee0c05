//! Folios: the page numbers printed on the pages and shown by viewers
//! (PDF page labels). Front matter (title page, copyright, contents, front
//! chapters) counts in lowercase roman from i; the body counts in arabic
//! from 1 on its first page. Both the printed folio and the page label come
//! from here, so they always agree.

/// The number a page carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Folio {
    /// Front matter: i, ii, iii…
    Roman(u32),
    /// The body and back matter: 1, 2, 3…
    Arabic(u32),
}

impl Default for Folio {
    /// A page not yet numbered.
    fn default() -> Folio {
        Folio::Roman(0)
    }
}

impl Folio {
    /// The folio of physical page `number` (1-based) when the body begins
    /// on physical page `body_start` (`None`: the book has no body yet).
    pub fn of(number: usize, body_start: Option<usize>) -> Folio {
        match body_start {
            Some(start) if number >= start => Folio::Arabic((number - start + 1) as u32),
            _ => Folio::Roman(number as u32),
        }
    }

    /// The folio as printed.
    pub fn text(&self) -> String {
        match *self {
            Folio::Roman(n) => roman(n),
            Folio::Arabic(n) => n.to_string(),
        }
    }
}

/// Lowercase roman numerals (`0` gives an empty string).
pub fn roman(mut n: u32) -> String {
    const DIGITS: [(u32, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for (value, digits) in DIGITS {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roman_numerals() {
        let got: Vec<String> = [1, 2, 3, 4, 5, 9, 14, 40, 90, 1994]
            .into_iter()
            .map(roman)
            .collect();
        assert_eq!(
            got,
            [
                "i", "ii", "iii", "iv", "v", "ix", "xiv", "xl", "xc", "mcmxciv"
            ]
        );
    }

    #[test]
    fn body_counts_from_one_on_its_first_page() {
        assert_eq!(Folio::of(3, Some(7)), Folio::Roman(3));
        assert_eq!(Folio::of(7, Some(7)), Folio::Arabic(1));
        assert_eq!(Folio::of(12, Some(7)).text(), "6");
        assert_eq!(Folio::of(6, None).text(), "vi");
    }
}
