//! Layout and output settings from `book.toml`, resolved and with defaults
//! filled in. Lengths are in PostScript points (1/72 in).

use std::sync::Arc;

/// Everything `book.toml` says about how to build, beyond metadata.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Which outputs `bindery build` makes when `--format` is not given.
    pub formats: Vec<OutputFormat>,
    /// The output file stem (`<name>.epub`, `<name>.pdf`): a slug of the
    /// title, or the lone Markdown file's stem, unless `book.toml` names one.
    pub output_name: String,
    pub note_numbering: NoteNumbering,
    pub note_placement: NotePlacement,
    pub note_continued: ContinuedMark,
    pub pdf: PdfSettings,
    pub epub: EpubSettings,
    pub hyphenation: HyphenationSettings,
    pub fonts: FontSettings,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OutputFormat {
    Epub,
    Pdf,
}

/// How notes are numbered: restarting at 1 in each chapter (the default,
/// as in most printed books) or running through the whole book.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NoteNumbering {
    #[default]
    PerChapter,
    PerBook,
}

/// Where the EPUB gathers its endnotes: at the end of each chapter (default)
/// or in one `Notes` chapter at the end of the book. The PDF always sets
/// notes at the foot of the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NotePlacement {
    #[default]
    Chapter,
    Book,
}

/// How the PDF marks a footnote continued from the page before: the rule
/// over the notes drawn across the measure, the word "continued" in the
/// book's language at the rule's end, both (default), or neither (the
/// usual short rule). `[notes] continued` in `book.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ContinuedMark {
    #[default]
    Both,
    Rule,
    Label,
    None,
}

impl ContinuedMark {
    /// Whether the rule runs across the measure.
    pub fn rule(self) -> bool {
        matches!(self, ContinuedMark::Both | ContinuedMark::Rule)
    }

    /// Whether the word is set.
    pub fn label(self) -> bool {
        matches!(self, ContinuedMark::Both | ContinuedMark::Label)
    }
}

/// Page geometry and type sizes for the print PDF.
#[derive(Debug, Clone, PartialEq)]
pub struct PdfSettings {
    pub trim: TrimSize,
    pub margins: Margins,
    /// Body text size in points.
    pub font_size: f32,
    /// Baseline-to-baseline distance of body text in points: the baseline grid.
    pub leading: f32,
    /// The designer's choices beyond the page and the type.
    pub options: PdfOptions,
}

/// `[pdf]` choices a book designer expects to make: how chapters open
/// (the lead-in, recto or any page), where figures go and how deep the
/// contents go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PdfOptions {
    /// The opening words of each chapter's first text paragraph set in
    /// small capitals (`lead-in`, `lead-in-words`), or `None` for none.
    pub lead_in: Option<LeadIn>,
    pub chapter_start: ChapterStart,
    /// Where a figure that does not fit where it is called goes
    /// (`figures`).
    pub figures: FigurePlacement,
    /// How many heading levels the contents list: 1 chapters (and parts)
    /// only, 2 also their level-2 sections (the default), up to 6.
    pub toc_depth: u8,
    /// The standard the PDF is written and checked to (`standard`).
    pub standard: PdfStandard,
}

impl Default for PdfOptions {
    fn default() -> PdfOptions {
        PdfOptions {
            lead_in: Some(LeadIn::Words(3)),
            chapter_start: ChapterStart::Recto,
            figures: FigurePlacement::Float,
            toc_depth: 2,
            standard: PdfStandard::Ua1,
        }
    }
}

/// How much of a chapter's first paragraph the lead-in takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeadIn {
    /// This many words, ending early at a word that ends a phrase (a
    /// comma, a full stop).
    Words(u32),
    /// The whole first line.
    Line,
}

/// Where a chapter opens: on the next right-hand page (a blank verso left
/// before it when needed, the printed-book default) or on the next page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ChapterStart {
    #[default]
    Recto,
    Any,
}

/// Where a figure goes when it does not fit on the page where it is
/// called: forward, the text after it filling the page and the figure
/// (with its caption) set where it fits soonest, at the head of the next
/// page (a float, as LaTeX's `[tbp]`, the default); or where it is called,
/// the page before it left short.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FigurePlacement {
    #[default]
    Float,
    Here,
}

/// The standard the PDF conforms to, checked by krilla as it writes the
/// file: tagged and accessible (PDF/UA-1, the default), tagged and
/// archival (PDF/A-2a, PDF/A-3a), or neither (an untagged PDF, unchecked).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PdfStandard {
    #[default]
    Ua1,
    A2a,
    A3a,
    None,
}

impl PdfStandard {
    /// The name `book.toml` and the messages use.
    pub fn name(self) -> &'static str {
        match self {
            PdfStandard::Ua1 => "PDF/UA-1",
            PdfStandard::A2a => "PDF/A-2a",
            PdfStandard::A3a => "PDF/A-3a",
            PdfStandard::None => "none",
        }
    }

    /// Whether it is a PDF/A standard (for archiving).
    pub fn archival(self) -> bool {
        matches!(self, PdfStandard::A2a | PdfStandard::A3a)
    }

    /// Whether the PDF carries a structure tree.
    pub fn tagged(self) -> bool {
        self != PdfStandard::None
    }
}

/// The fewest ems of the body size a line of the text block must hold:
/// with less, words cannot be set and run off the page. `book.toml`
/// refuses a page below it; the PDF engine never sets a narrower block.
pub const MIN_MEASURE_EMS: f32 = 12.0;

/// The fewest body lines a page's text block must hold (as
/// [`MIN_MEASURE_EMS`], checked by `book.toml` and kept by the engine).
pub const MIN_PAGE_LINES: f32 = 8.0;

/// How far the running head's baseline sits above the text block, in
/// leadings.
pub const RUNNING_HEAD_DROP: f32 = 1.6;

/// The running head's type size (and the folio's), relative to the body.
pub const RUNNING_HEAD_SCALE: f32 = 0.9;

/// How far capitals rise above the baseline, in ems (the text faces'
/// cap height, rounded up), for the room the running head needs.
const CAP_HEIGHT_EMS: f32 = 0.7;

impl PdfSettings {
    /// The baseline grid's step: the leading, never less than the type
    /// size (lines would overlap) nor than a point.
    pub fn grid_leading(&self) -> f32 {
        self.leading.max(self.font_size).max(1.0)
    }

    /// The top margin the running head needs: its baseline sits
    /// [`RUNNING_HEAD_DROP`] leadings above the text block, and its
    /// capitals rise above that.
    pub fn running_head_room(&self) -> f32 {
        RUNNING_HEAD_DROP * self.grid_leading()
            + CAP_HEIGHT_EMS * RUNNING_HEAD_SCALE * self.font_size
    }
}

/// The page's trimmed size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrimSize {
    pub width: f32,
    pub height: f32,
}

/// Page margins; `inner` is at the spine (left on recto pages, right on
/// verso), `outer` at the fore-edge.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Margins {
    pub top: f32,
    pub bottom: f32,
    pub inner: f32,
    pub outer: f32,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct EpubSettings {
    /// The user's stylesheet text (from the file `book.toml` names, or
    /// `style.css` in the book folder), appended after the default one.
    pub stylesheet: Option<String>,
    /// `[epub] page-list`: whether the EPUB gets the print edition's page
    /// list and page-break markers, from the PDF's own layout. `None` (not
    /// written): when the PDF is built in the same run — an EPUB built
    /// alone has no print edition to point to, and stays ~4× cheaper
    /// (no layout); `Some(true)` lays the book out for an EPUB alone too.
    pub page_list: Option<bool>,
}

/// Hyphenation for the PDF.
#[derive(Debug, Clone, PartialEq)]
pub struct HyphenationSettings {
    pub enabled: bool,
    /// BCP 47 tag of the patterns to use; defaults to the book's language.
    pub language: String,
    /// Words with their allowed break points marked by `-`, e.g.
    /// `Bol-she-vism`. They override the patterns.
    pub exceptions: Vec<String>,
}

/// The font files, read by the loader (the repository's default set is
/// built into the binary, so a book builds with no system fonts).
#[derive(Debug, Clone, PartialEq)]
pub struct FontSettings {
    pub regular: FontFile,
    pub italic: FontFile,
    pub bold: FontFile,
    pub bold_italic: FontFile,
    /// For code.
    pub mono: FontFile,
    /// Used for characters the text face lacks.
    pub fallback: Option<FontFile>,
}

/// One font file's name and bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct FontFile {
    /// The file name (`EBGaramond-Regular.ttf`): the EPUB stores it under
    /// this name.
    pub name: String,
    pub data: Arc<Vec<u8>>,
}
