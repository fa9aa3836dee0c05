//! The `[pdf]` table: the page (trim, margins), the type size and leading,
//! checked together so that a page always holds text.

use serde::Deserialize;
use toml::Spanned;

use super::Reporter;
use crate::model::{
    ChapterStart, FigurePlacement, LeadIn, MIN_MEASURE_EMS, MIN_PAGE_LINES, Margins, PdfOptions,
    PdfSettings, PdfStandard, TrimSize,
};

/// Points per millimetre.
const PT_PER_MM: f32 = 72.0 / 25.4;

/// The default page: A5, 10.5/13.5 pt, margins for a paperback.
pub fn default_pdf() -> PdfSettings {
    PdfSettings {
        trim: TrimSize {
            width: 148.0 * PT_PER_MM,
            height: 210.0 * PT_PER_MM,
        },
        margins: Margins {
            top: 15.0 * PT_PER_MM,
            bottom: 18.0 * PT_PER_MM,
            inner: 18.0 * PT_PER_MM,
            outer: 14.0 * PT_PER_MM,
        },
        font_size: 10.5,
        leading: default_leading(10.5),
        options: PdfOptions::default(),
    }
}

/// 1.3 × the font size, rounded to the nearest half point.
fn default_leading(font_size: f32) -> f32 {
    (font_size * 1.3 * 2.0).round() / 2.0
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct RawPdf {
    trim: Option<Spanned<toml::Value>>,
    font_size: Option<Spanned<f64>>,
    leading: Option<Spanned<f64>>,
    margins: Option<RawMargins>,
    lead_in: Option<RawLeadIn>,
    lead_in_words: Option<Spanned<toml::Value>>,
    chapter_start: Option<RawChapterStart>,
    figures: Option<RawFigures>,
    toc_depth: Option<Spanned<i64>>,
    standard: Option<RawStandard>,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
enum RawLeadIn {
    SmallCaps,
    None,
}

#[derive(Deserialize)]
#[serde(rename_all = "lowercase")]
enum RawChapterStart {
    Recto,
    Any,
}

#[derive(Deserialize)]
#[serde(rename_all = "lowercase")]
enum RawFigures {
    Float,
    Here,
}

#[derive(Deserialize)]
enum RawStandard {
    #[serde(rename = "ua-1")]
    Ua1,
    #[serde(rename = "a-2a")]
    A2a,
    #[serde(rename = "a-3a")]
    A3a,
    #[serde(rename = "none")]
    None,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawMargins {
    top: Option<Spanned<toml::Value>>,
    bottom: Option<Spanned<toml::Value>>,
    inner: Option<Spanned<toml::Value>>,
    outer: Option<Spanned<toml::Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTrimSize {
    width: toml::Value,
    height: toml::Value,
}

/// Reads `[pdf]` into `pdf` (which holds the defaults), reporting each bad
/// value at its key and a page that cannot hold text at the first key that
/// shapes it.
pub(super) fn convert_pdf(raw: RawPdf, pdf: &mut PdfSettings, r: &mut Reporter) {
    // Where a problem of the page as a whole is reported: the first of the
    // keys that shape it.
    let trim_offset = raw.trim.as_ref().map(|t| t.span().start);
    let margins_offset = raw.margins.as_ref().and_then(|m| {
        [&m.top, &m.bottom, &m.inner, &m.outer]
            .into_iter()
            .flatten()
            .map(|v| v.span().start)
            .min()
    });
    let size_offset = raw.font_size.as_ref().map(|s| s.span().start);
    let leading_offset = raw.leading.as_ref().map(|s| s.span().start);
    let area_offset = margins_offset.or(trim_offset).unwrap_or(0);
    convert_options(&raw, &mut pdf.options, r);
    pdf.options.standard = match raw.standard {
        Some(RawStandard::A2a) => PdfStandard::A2a,
        Some(RawStandard::A3a) => PdfStandard::A3a,
        Some(RawStandard::None) => PdfStandard::None,
        Some(RawStandard::Ua1) | None => PdfStandard::Ua1,
    };
    if let Some(trim) = raw.trim {
        let offset = trim.span().start;
        match trim.into_inner() {
            toml::Value::String(name) => match named_trim(name.trim()) {
                Some(size) => pdf.trim = size,
                None => r.error(
                    offset,
                    format!("[pdf] trim `{name}` is unknown: use a4, a5, letter, 6x9, 5.5x8.5 or {{ width = \"…\", height = \"…\" }}"),
                ),
            },
            value @ toml::Value::Table(_) => match value.try_into::<RawTrimSize>() {
                Ok(size) => {
                    let width = length(&size.width, offset, "[pdf] trim width", r);
                    let height = length(&size.height, offset, "[pdf] trim height", r);
                    if let (Some(width), Some(height)) = (width, height) {
                        pdf.trim = TrimSize { width, height };
                    }
                }
                Err(e) => r.error(offset, format!("[pdf] trim: {}", e.message().trim())),
            },
            _ => r.error(
                offset,
                "[pdf] trim must be a name (a4, a5, letter, 6x9, 5.5x8.5) or { width = \"…\", height = \"…\" }",
            ),
        }
    }
    let mut leading_given = false;
    if let Some(size) = raw.font_size {
        let v = *size.get_ref();
        if !(4.0..=72.0).contains(&v) {
            r.error(
                size.span().start,
                format!("[pdf] font-size {} is outside 4–72 pt", number(v)),
            );
        } else {
            pdf.font_size = v as f32;
        }
    }
    if let Some(leading) = raw.leading {
        let v = *leading.get_ref();
        if !(4.0..=144.0).contains(&v) {
            r.error(
                leading.span().start,
                format!("[pdf] leading {} is outside 4–144 pt", number(v)),
            );
        } else {
            pdf.leading = v as f32;
            leading_given = true;
        }
    }
    if !leading_given {
        pdf.leading = default_leading(pdf.font_size);
    }
    if let Some(m) = raw.margins {
        for (value, slot, name) in [
            (m.top, &mut pdf.margins.top, "top"),
            (m.bottom, &mut pdf.margins.bottom, "bottom"),
            (m.inner, &mut pdf.margins.inner, "inner"),
            (m.outer, &mut pdf.margins.outer, "outer"),
        ] {
            if let Some(v) = value
                && let Some(pt) = length(
                    v.get_ref(),
                    v.span().start,
                    &format!("[pdf] margins {name}"),
                    r,
                )
            {
                *slot = pt;
            }
        }
    }
    let text_width = pdf.trim.width - pdf.margins.inner - pdf.margins.outer;
    let text_height = pdf.trim.height - pdf.margins.top - pdf.margins.bottom;
    if text_width < 72.0 || text_height < 72.0 {
        r.error(
            area_offset,
            format!(
                "[pdf] the margins leave a text area of {text_width:.0}×{text_height:.0} pt: it must be at least 72×72 pt"
            ),
        );
    } else if text_width < MIN_MEASURE_EMS * pdf.font_size {
        r.error(
            size_offset.unwrap_or(area_offset),
            format!(
                "[pdf] font-size {} pt is too large for a text area {text_width:.0} pt wide: a line must hold {MIN_MEASURE_EMS} ems, so the font size can be at most {:.1} pt (or widen the page or narrow the margins)",
                pdf.font_size,
                text_width / MIN_MEASURE_EMS
            ),
        );
    } else if text_height < MIN_PAGE_LINES * pdf.grid_leading() {
        r.error(
            leading_offset.or(size_offset).unwrap_or(area_offset),
            format!(
                "[pdf] a leading of {} pt fits only {:.1} lines in a text area {text_height:.0} pt tall: a page must hold {MIN_PAGE_LINES} lines (or make the page taller or the margins smaller)",
                pdf.grid_leading(),
                text_height / pdf.grid_leading()
            ),
        );
    } else if pdf.margins.top < pdf.running_head_room() {
        let need = pdf.running_head_room();
        r.error(
            margins_offset
                .or(trim_offset)
                .or(leading_offset)
                .or(size_offset)
                .unwrap_or(0),
            format!(
                "[pdf] a top margin of {:.1} pt leaves no room for the running head (set a leading and a half above the text): make it at least {need:.1} pt ({:.1}mm)",
                pdf.margins.top,
                need / PT_PER_MM
            ),
        );
    }
}

/// Reads the designer's choices: the lead-in, where chapters start, where
/// figures go, the contents' depth.
fn convert_options(raw: &RawPdf, options: &mut PdfOptions, r: &mut Reporter) {
    let mut length = LeadIn::Words(3);
    if let Some(words) = &raw.lead_in_words {
        match words.get_ref() {
            toml::Value::Integer(n @ 1..=40) => length = LeadIn::Words(*n as u32),
            toml::Value::String(s) if s == "line" => length = LeadIn::Line,
            _ => r.error(
                words.span().start,
                "[pdf] lead-in-words must be a number of words from 1 to 40, or \"line\" for the first line",
            ),
        }
    }
    options.lead_in = match raw.lead_in {
        Some(RawLeadIn::None) => None,
        Some(RawLeadIn::SmallCaps) | None => Some(length),
    };
    options.chapter_start = match raw.chapter_start {
        Some(RawChapterStart::Any) => ChapterStart::Any,
        Some(RawChapterStart::Recto) | None => ChapterStart::Recto,
    };
    options.figures = match raw.figures {
        Some(RawFigures::Here) => FigurePlacement::Here,
        Some(RawFigures::Float) | None => FigurePlacement::Float,
    };
    if let Some(depth) = &raw.toc_depth {
        match u8::try_from(*depth.get_ref()) {
            Ok(d @ 1..=6) => options.toc_depth = d,
            _ => r.error(
                depth.span().start,
                format!(
                    "[pdf] toc-depth {} is outside 1–6 (1: chapters only, 2: and their level-2 sections…)",
                    depth.get_ref()
                ),
            ),
        }
    }
}

fn number(v: f64) -> String {
    if v.is_finite() && v.abs() >= 1e6 {
        format!("{v:e}")
    } else {
        format!("{v}")
    }
}

/// Page sizes by name, in points.
fn named_trim(name: &str) -> Option<TrimSize> {
    let (w, h) = match name.to_ascii_lowercase().as_str() {
        "a4" => (210.0 * PT_PER_MM, 297.0 * PT_PER_MM),
        "a5" => (148.0 * PT_PER_MM, 210.0 * PT_PER_MM),
        "letter" => (8.5 * 72.0, 11.0 * 72.0),
        "6x9" => (6.0 * 72.0, 9.0 * 72.0),
        "5.5x8.5" => (5.5 * 72.0, 8.5 * 72.0),
        _ => return None,
    };
    Some(TrimSize {
        width: w,
        height: h,
    })
}

/// A length in points from `"15mm"`, `"2cm"`, `"1in"`, `"12pt"`, `"12"` or a
/// bare number (points). Reports an error and returns `None` otherwise.
fn length(value: &toml::Value, offset: usize, what: &str, r: &mut Reporter) -> Option<f32> {
    let parsed = match value {
        toml::Value::Integer(i) => Some(*i as f32),
        toml::Value::Float(f) => Some(*f as f32),
        toml::Value::String(s) => parse_length(s),
        _ => None,
    };
    match parsed {
        Some(pt) if pt.is_finite() && (0.0..14400.0).contains(&pt) => Some(pt),
        _ => {
            r.error(
                offset,
                format!("{what} must be a length such as \"15mm\", \"2cm\", \"1in\", \"12pt\" or a number of points"),
            );
            None
        }
    }
}

/// Parses a length string into points.
pub fn parse_length(text: &str) -> Option<f32> {
    let t = text.trim();
    let (number, factor) = if let Some(n) = t.strip_suffix("mm") {
        (n, PT_PER_MM)
    } else if let Some(n) = t.strip_suffix("cm") {
        (n, PT_PER_MM * 10.0)
    } else if let Some(n) = t.strip_suffix("in") {
        (n, 72.0)
    } else if let Some(n) = t.strip_suffix("pt") {
        (n, 1.0)
    } else {
        (t, 1.0)
    };
    let n: f32 = number.trim().parse().ok()?;
    n.is_finite().then_some(n * factor)
}

#[cfg(test)]
mod tests {
    use crate::config::parse;
    use crate::model::{ChapterStart, FigurePlacement, LeadIn};

    const BOOK: &str =
        "[book]\ntitle = \"T\"\nlanguage = \"en\"\nidentifier = \"urn:isbn:9780000000002\"\n";

    #[test]
    fn designer_options_are_read_with_their_defaults() {
        let (config, diags) = parse(BOOK, "book.toml");
        assert!(diags.is_empty(), "{diags:?}");
        let o = config.unwrap().pdf.options;
        assert_eq!(o.lead_in, Some(LeadIn::Words(3)));
        assert_eq!(o.chapter_start, ChapterStart::Recto);
        assert_eq!(o.toc_depth, 2);
        assert_eq!(o.figures, FigurePlacement::Float);
        let text = format!(
            "{BOOK}[pdf]\nlead-in-words = \"line\"\nchapter-start = \"any\"\ntoc-depth = 1\n\
             figures = \"here\"\n"
        );
        let o = parse(&text, "book.toml").0.unwrap().pdf.options;
        assert_eq!(o.lead_in, Some(LeadIn::Line));
        assert_eq!(o.chapter_start, ChapterStart::Any);
        assert_eq!(o.toc_depth, 1);
        assert_eq!(o.figures, FigurePlacement::Here);
        let text = format!("{BOOK}[pdf]\nlead-in = \"none\"\nlead-in-words = 5\n");
        let o = parse(&text, "book.toml").0.unwrap().pdf.options;
        assert_eq!(o.lead_in, None);
    }

    #[test]
    fn bad_options_are_errors_at_their_key() {
        let text = format!("{BOOK}[pdf]\nlead-in-words = 0\ntoc-depth = 9\n");
        let (_, diags) = parse(&text, "book.toml");
        let at: Vec<(u32, &str)> = diags
            .iter()
            .map(|d| (d.line, d.message.split(' ').nth(1).unwrap_or("")))
            .collect();
        assert_eq!(
            at,
            vec![(6, "lead-in-words"), (7, "toc-depth")],
            "{diags:?}"
        );
    }
}
