//! Table columns of figures: a column whose body cells all hold a number
//! (digits with their separators, a sign, a percent or currency sign) is
//! right-aligned, as figures are set in print, unless the author chose an
//! alignment (`:---`, `:---:`, `---:`). Decided here, once, so the EPUB and
//! the PDF align the same columns.

use crate::model::{Align, Block, BlockKind, Inline, Table, inlines_plain_text};

/// Right-aligns the numeric columns of a table block left unaligned.
pub fn align_figures(block: &mut Block) {
    if let BlockKind::Table(table) = &mut block.kind {
        align_table(table);
    }
}

fn align_table(table: &mut Table) {
    let cols = table
        .head
        .len()
        .max(table.rows.iter().map(Vec::len).max().unwrap_or(0));
    if table.align.len() < cols {
        table.align.resize(cols, Align::None);
    }
    for c in 0..cols {
        if table.align[c] != Align::None {
            continue;
        }
        let cells: Vec<&Vec<Inline>> = table.rows.iter().filter_map(|r| r.get(c)).collect();
        let mut numbers = 0;
        let all = cells.iter().all(|cell| {
            let text = inlines_plain_text(cell);
            let text = text.trim();
            if text.is_empty() {
                return true;
            }
            let number = is_number(text);
            numbers += usize::from(number);
            number
        });
        if all && numbers > 0 {
            table.align[c] = Align::Right;
        }
    }
}

/// Currency signs a figure may carry before or after it.
const CURRENCY: &[char] = &[
    '$', '€', '£', '¥', '¢', '₹', '₽', '₩', '₪', '₫', '₴', '₦', '₺', '₱', '฿', '₡', '₲', '₵', '₸',
];

/// Whether `text` is a figure: at least one digit, and otherwise only
/// decimal and thousands separators (`,` `.` `'` thin and no-break
/// spaces), a sign (`+`, `-`, `−`, `±`), `%` or `‰`, and currency signs.
pub fn is_number(text: &str) -> bool {
    text.chars().any(|c| c.is_ascii_digit())
        && text.chars().all(|c| {
            c.is_ascii_digit()
                || matches!(
                    c,
                    ',' | '.'
                        | '\''
                        | '\u{2019}'
                        | ' '
                        | '\u{A0}'
                        | '\u{2009}'
                        | '\u{202F}'
                        | '+'
                        | '-'
                        | '\u{2212}'
                        | '\u{2013}'
                        | '±'
                        | '%'
                        | '‰'
                )
                || CURRENCY.contains(&c)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Pos;

    fn cell(s: &str) -> Vec<Inline> {
        if s.is_empty() {
            Vec::new()
        } else {
            vec![Inline::text(s)]
        }
    }

    #[test]
    fn figures_are_numbers_and_words_are_not() {
        for yes in [
            "12", "1,234.5", "−3", "-0.5", "45%", "$12", "12 €", "1 000", "£3.50", "+7", "1'000",
        ] {
            assert!(is_number(yes), "{yes}");
        }
        for no in ["", "n/a", "12 apples", "1990s", "—", "%", "x2", "3:4"] {
            assert!(!is_number(no), "{no}");
        }
    }

    #[test]
    fn numeric_columns_are_right_aligned_unless_aligned_by_the_author() {
        let mut block = Block::new(
            Pos::default(),
            BlockKind::Table(Table {
                align: vec![Align::None, Align::None, Align::Left, Align::None],
                head: vec![cell("Item"), cell("Price"), cell("Count"), cell("Mixed")],
                rows: vec![
                    vec![cell("Pens"), cell("$1.20"), cell("12"), cell("3")],
                    vec![cell("Ink"), cell(""), cell("7"), cell("some")],
                    vec![cell("Paper"), cell("12,50 €"), cell("1,000"), cell("4")],
                ],
                caption: Vec::new(),
            }),
        );
        align_figures(&mut block);
        let BlockKind::Table(t) = &block.kind else {
            unreachable!()
        };
        assert_eq!(
            t.align,
            [Align::None, Align::Right, Align::Left, Align::None],
            "figures right, the author's choice kept, words and mixed columns left"
        );
    }
}
