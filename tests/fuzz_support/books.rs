//! The book generator of the fuzz campaign: a seed gives one book (files
//! and the marker words that must reach both outputs), always the same one,
//! so every failure replays from its seed.
//!
//! Books mix what breaks typesetters and sanitisers: deep nesting, notes in
//! notes' neighbours (headings, tables, lists, quotes), tables with tall
//! rows, code with wide characters, raw HTML soup, hostile URLs and ids,
//! pandoc's link and image attributes and its tables (in quotes too),
//! front matter and `book.toml` variations, and unicode (bidi controls,
//! combining marks, zero-width characters, emoji, CJK, right-to-left).

use std::fmt::Write as _;

mod pandoc;

/// SplitMix64: small, fast, and the same on every platform.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x9e37_79b9_7f4a_7c15)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    pub fn pick(&mut self, items: &[&'static str]) -> &'static str {
        items[self.below(items.len())]
    }
}

/// A word of the source that both books must show, unless a warning at
/// `excused_at` (a line of the same file) says why it was not rendered.
#[derive(Debug, Clone)]
pub struct Marker {
    pub word: String,
    pub file: String,
    pub line: usize,
    pub excused_at: Option<usize>,
}

/// One generated book.
#[derive(Debug, Clone)]
pub struct Case {
    pub seed: u64,
    /// Paths relative to the book folder, with their bytes.
    pub files: Vec<(String, Vec<u8>)>,
    /// What to give `bindery build`: `.` for a folder book, else the file.
    pub target: String,
    pub markers: Vec<Marker>,
}

const WORDS: &[&str] = &[
    "the",
    "harbour",
    "lamp",
    "of",
    "a",
    "quiet",
    "evening",
    "and",
    "salt",
    "wind",
    "over",
    "grey",
    "water",
    "keeper",
    "wrote",
    "in",
    "his",
    "log",
    "that",
    "night",
    "storm",
    "came",
    "late",
    "naïve",
    "Straße",
    "façade",
    "cœur",
    "Ærø",
    "слово",
    "книга",
    "λόγος",
    "كلمة",
    "מילה",
    "漢字",
    "かな",
    "한글",
    "🙂",
    "👩\u{200d}💻",
    "e\u{301}",
    "a\u{200b}b",
    "\u{202e}abc\u{202c}",
    "x\u{00a0}y",
    "co\u{00ad}operate",
    "ﬁne",
    "1,234.5",
    "—",
    "“quoted”",
    "it's",
    "«guillemets»",
    "\u{fffd}",
    "𝔘𝔫𝔦",
    "ⓐ",
    "\u{2028}",
    "\u{feff}",
    "ग्र",
    "ไทย",
    "A&amp;B",
    "&#x202E;",
    "<3",
    "*",
    "_",
    "\\*",
    "`",
    "[",
    "]",
    "|",
    "~",
];

const URLS: &[&str] = &[
    "https://example.com/path?q=1#frag",
    "http://example.org",
    "mailto:someone@example.org",
    "#anchor-one",
    "two.md",
    "two.md#second",
    "sub/three.md",
    "sub/three.html",
    "images/dot.png",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=",
    "file:///etc/passwd",
    "https://../",
    "http://[::1",
    "https://example.com/a b\\c{d}|^",
    "https://foo.bar.`baz/",
    "//example.com/protocol-relative",
    "../../outside.md",
    "/etc/passwd",
    "nope.md",
    "#nowhere",
    "%zz",
    "vbscript:msgbox",
    "ftp://example.com/file",
    "",
];

const RAW_INLINE: &[&str] = &[
    "<em>raw em</em>",
    "<strong>raw strong</strong>",
    "<span lang=\"fr\">bonjour</span>",
    "<sup>2</sup>",
    "<sub>i</sub>",
    "<kbd>Ctrl</kbd>",
    "<q>quoted</q>",
    "<br>",
    "<b onclick=\"steal()\">bold</b>",
    "<a href=\"javascript:evil()\">bad link</a>",
    "<a href=\"#anchor-one\">to anchor</a>",
    "<a href=\"https://example.com\"><a href=\"https://x.org\">nested</a></a>",
    "<img src=\"images/dot.png\" alt=\"a dot\">",
    "<img src=\"images/dot.png\" onerror=\"alert(1)\">",
    "<span style=\"background:url(https://track.example/p.gif)\">pixel</span>",
    "<span style=\"color: red; font-style: italic\">styled</span>",
    "<span style=\"width: expression(alert(1)); -moz-binding: url(x)\">old ie</span>",
    "<script>alert(1)</script>",
    "<style>p{}</style>",
    "<select><option>one</option></select>",
    "<textarea>text</textarea>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mi>x</mi></math>",
    "<iframe src=\"https://example.com\"></iframe>",
    "<span id=\"note.1\">id clash</span>",
    "<span id=\"notes.ch01\">id clash</span>",
    "<span id=\"toc\">id clash</span>",
    "<span id=\"\">empty id</span>",
    "<span id=\"two words\">bad id</span>",
    "<abbr title=\"Et cetera\">etc.</abbr>",
    "<mark>marked</mark>",
    "<u>under</u>",
    "<small>small</small>",
    "<del>gone</del><ins>new</ins>",
    "<bdo dir=\"rtl\">rtl</bdo>",
    "<wbr>",
    "</div>",
    "<p>",
    "<!-- a comment -->",
    "<![CDATA[ cdata ]]>",
    "<?php echo 1; ?>",
    "<em>unclosed",
];

const RAW_BLOCKS: &[&str] = &[
    "<div class=\"box\">\n<p>a boxed paragraph</p>\n</div>",
    "<figure>\n<img src=\"images/dot.png\" alt=\"dot\">\n<figcaption>A caption</figcaption><br>\n</figure>",
    "<tr><td>cell outside a table</td></tr>",
    "<table><tr><th>h</th></tr><tr><td>1</td></tr></table>",
    "<table><td>no row</td></table>",
    "<ul><li>one</li><p>para in ul</p></ul>",
    "<li>stray item</li>",
    "<dl><dt>term</dt><dd>definition</dd></dl>",
    "<details><summary>more</summary>hidden text</details>",
    "<div onclick=\"x()\" id=\"note.2\">handler</div>",
    "<section><h2>raw heading</h2><p>raw text</p></section>",
    "<blockquote><p>raw quote</p></blockquote>",
    "<pre>pre\n  text</pre>",
    "<object data=\"x.swf\"></object>",
    "<form action=\"https://example.com\"><input type=\"text\"></form>",
    "<div><div><div><span>deep</span></div></div></div>",
    "<hr>",
    "<p>unclosed paragraph",
    "<div>\nunclosed div",
    "<select>\n<option>unclosed select",
    "<svg width=\"10\" height=\"10\"><circle r=\"5\"/></svg>",
    "<center>old</center>",
    "<h7>no such heading</h7>",
];

const CODE_LINES: &[&str] = &[
    "fn main() { println!(\"hello\"); }",
    "let emoji = \"🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂\";",
    "let cjk = \"漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字\";",
    "let bad = \"\u{fffd}\u{fffd}\u{fffd}\";",
    "\tindented with a tab",
    "    # hidden in mdBook's Rust blocks",
    "<script>alert('in code')</script>",
    "a_very_long_identifier_that_goes_on_and_on_and_on_and_on_and_on_and_on_and_on_and_on_and_on_and_on",
    "\u{202e}reversed\u{202c} and \u{200b}zero width",
    "",
];

const LANGS: &[&str] = &[
    "en",
    "en-GB",
    "fr",
    "de",
    "pt-BR",
    "es",
    "it",
    "nl",
    "pl",
    "ru",
    "x-klingon",
    "zh",
    "ar",
];

/// Builds the Markdown of the chapters, handing out marker words.
struct Writer {
    rng: Rng,
    seed: u64,
    next_marker: usize,
    markers: Vec<(String, Option<String>)>,
    /// A string whose line excuses the markers written while it is set.
    excuse: Option<String>,
    /// The way from the current chapter's folder to the book folder.
    up: &'static str,
    /// The current chapter's note labels, in order of first call.
    notes: Vec<String>,
}

impl Writer {
    fn marker(&mut self) -> String {
        self.next_marker += 1;
        let word = format!("qz{}w{}k", self.seed % 100_000, self.next_marker);
        self.markers.push((word.clone(), self.excuse.clone()));
        word
    }

    fn words(&mut self, n: usize, out: &mut String) {
        for i in 0..n {
            if i > 0 {
                out.push(' ');
            }
            if self.rng.chance(15) {
                out.push_str(&self.marker());
            } else if self.rng.chance(80) {
                out.push_str(self.rng.pick(&WORDS[..25]));
            } else {
                out.push_str(self.rng.pick(WORDS));
            }
        }
    }

    fn note_ref(&mut self, out: &mut String) {
        let label = if self.rng.chance(70) || self.notes.is_empty() {
            let label = format!("n{}", self.notes.len() + 1);
            self.notes.push(label.clone());
            label
        } else {
            self.notes[self.rng.below(self.notes.len())].clone()
        };
        let _ = write!(out, "[^{label}]");
    }

    fn inline(&mut self, depth: usize, out: &mut String) {
        let n = 1 + self.rng.below(6);
        for _ in 0..n {
            out.push(' ');
            match self.rng.below(if depth > 3 { 4 } else { 14 }) {
                0..=3 => {
                    let n = 1 + self.rng.below(12);
                    self.words(n, out)
                }
                4 => {
                    out.push('*');
                    self.inline(depth + 1, out);
                    out.push('*');
                }
                5 => {
                    out.push_str("**");
                    self.inline(depth + 1, out);
                    out.push_str("**");
                }
                6 => {
                    let m = self.marker();
                    let _ = write!(out, "`code {m}`");
                }
                7 => {
                    out.push('[');
                    self.words(2, out);
                    let url = self.rng.pick(URLS);
                    let _ = write!(out, "]({url})");
                    self.link_attrs(out);
                }
                8 => self.note_ref(out),
                9 => {
                    let raw = self.rng.pick(RAW_INLINE);
                    out.push_str(&raw.replace("images/", &format!("{}images/", self.up)))
                }
                10 => {
                    if self.rng.chance(80) {
                        self.image(out);
                    } else {
                        out.push_str("<https://example.com/auto>");
                    }
                }
                11 => {
                    out.push_str("~~");
                    self.words(2, out);
                    out.push_str("~~");
                }
                // A missing include refuses the whole book (as mdBook's own
                // build reports it), so it comes rarely: most books must
                // build for the rest of the oracle to test anything.
                12 if self.rng.below(300) == 0 => out.push_str("{{#include nope.rs}}"),
                12 => out.push_str(
                    self.rng
                        .pick(&["\\", "&amp;", "&#x2028;", "&nbsp;", "\\[", "$x^2$"]),
                ),
                _ => {
                    out.push_str("  \n");
                    self.words(2, out);
                }
            }
        }
    }

    fn paragraph(&mut self, depth: usize) -> String {
        let mut p = String::new();
        self.inline(depth, &mut p);
        let p = p.trim();
        // A line opening with `~~~` or a backtick run would start a fence
        // whose info string (not rendered, by CommonMark's design) eats
        // the line.
        if p.starts_with(['~', '`']) {
            format!("the {p}")
        } else {
            p.to_string()
        }
    }

    /// Blocks, each as lines without a trailing newline.
    fn blocks(&mut self, depth: usize, n: usize) -> Vec<String> {
        let mut out = Vec::new();
        for _ in 0..n {
            let block = self.block(depth);
            if !block.trim().is_empty() {
                out.push(block);
            }
        }
        out
    }

    fn block(&mut self, depth: usize) -> String {
        let max = if depth >= 6 { 2 } else { 16 };
        match self.rng.below(max) {
            0 | 1 => self.paragraph(depth),
            2 => {
                let level = 1 + self.rng.below(6);
                let mut h = "#".repeat(level);
                if !self.rng.chance(3) {
                    h.push(' ');
                    let n = 1 + self.rng.below(5);
                    self.words(n, &mut h);
                }
                if self.rng.chance(20) {
                    self.note_ref(&mut h);
                }
                if self.rng.chance(15) {
                    h.push_str(self.rng.pick(&[
                        " {#anchor-one}",
                        " {#note.1}",
                        " {#toc}",
                        " {.unnumbered}",
                        " {#}",
                    ]));
                }
                h
            }
            3 => {
                let n = 1 + self.rng.below(3);
                let inner = self.blocks(depth + 1, n).join("\n\n");
                prefix_lines(&inner, "> ", ">")
            }
            4 | 5 => self.list(depth),
            6 => self.code(),
            7 => self.table(depth),
            8 => "-".repeat(3 + self.rng.below(3)),
            9 => self
                .rng
                .pick(RAW_BLOCKS)
                .replace("images/", &format!("{}images/", self.up)),
            10 => {
                let kind =
                    self.rng
                        .pick(&["NOTE", "TIP", "WARNING", "CAUTION", "IMPORTANT", "UNKNOWN"]);
                let p = self.paragraph(depth + 1);
                format!("> [!{kind}]\n> {p}")
            }
            11 => {
                let class = self
                    .rng
                    .pick(&["note", "warning", "epigraph", "unknown-class", ""]);
                let p = self.paragraph(depth + 1);
                format!("::: {class}\n{p}\n:::")
            }
            13 => self.pandoc_table(),
            14 => self.quoted_table(depth),
            15 => self.figure(),
            _ => {
                let mut term = String::new();
                self.words(2, &mut term);
                let p = self.paragraph(depth + 1);
                format!("{term}\n: {p}")
            }
        }
    }

    fn list(&mut self, depth: usize) -> String {
        let ordered = self.rng.chance(40);
        let items = 1 + self.rng.below(4);
        let mut out = Vec::new();
        for i in 0..items {
            let marker = if ordered {
                format!(
                    "{}. ",
                    i + 1 + if self.rng.chance(10) { 1_000_000 } else { 0 }
                )
            } else {
                "- ".to_string()
            };
            let task = if self.rng.chance(15) {
                self.rng.pick(&["[ ] ", "[x] "]).to_string()
            } else {
                String::new()
            };
            let mut blocks = vec![format!("{task}{}", self.paragraph(depth + 1))];
            if self.rng.chance(30) {
                blocks.extend(self.blocks(depth + 1, 1));
            }
            let body = blocks.join("\n\n");
            let indent = " ".repeat(marker.len());
            let mut lines = body.lines();
            let first = lines.next().unwrap_or("");
            let mut item = format!("{marker}{first}");
            for l in lines {
                item.push('\n');
                if !l.is_empty() {
                    item.push_str(&indent);
                    item.push_str(l);
                }
            }
            out.push(item);
        }
        out.join(if self.rng.chance(50) { "\n" } else { "\n\n" })
    }

    fn code(&mut self) -> String {
        let lang = self.rng.pick(&[
            "",
            "rust",
            "python",
            "text",
            "rust,ignore",
            "{.js}",
            "unknown-lang",
        ]);
        let mut out = format!("```{lang}\n");
        for _ in 0..1 + self.rng.below(6) {
            if self.rng.chance(30) {
                let m = self.marker();
                let _ = writeln!(out, "{m} = 1;");
            } else {
                out.push_str(self.rng.pick(CODE_LINES));
                out.push('\n');
            }
        }
        out.push_str("```");
        out
    }

    fn table(&mut self, depth: usize) -> String {
        let cols = 1 + self.rng.below(6);
        let rows = 1 + self.rng.below(5);
        let mut out = String::new();
        let empty_header = self.rng.chance(10);
        let cell = |w: &mut Self, header: bool| -> String {
            if header && empty_header {
                return String::new();
            }
            let mut c = String::new();
            if !header && w.rng.chance(5) {
                let n = 200 + w.rng.below(400);
                w.words(n, &mut c);
            } else {
                w.inline(depth + 2, &mut c);
            }
            c.replace('|', "\\|").replace('\n', " ")
        };
        let header: Vec<String> = (0..cols).map(|_| cell(self, true)).collect();
        let _ = writeln!(out, "| {} |", header.join(" | "));
        let aligns = ["---", ":--", "--:", ":-:"];
        let align: Vec<&str> = (0..cols).map(|_| self.rng.pick(&aligns)).collect();
        let _ = writeln!(out, "| {} |", align.join(" | "));
        for _ in 0..rows {
            let row: Vec<String> = (0..cols).map(|_| cell(self, false)).collect();
            let _ = writeln!(out, "| {} |", row.join(" | "));
        }
        out.trim_end().to_string()
    }

    /// The chapter's note definitions, each referenced one (and now and
    /// then an unreferenced one, whose words are excused by its warning).
    fn definitions(&mut self) -> String {
        let mut out = String::new();
        let notes = std::mem::take(&mut self.notes);
        for label in &notes {
            // A call may end up inside a code span or raw HTML (the
            // generator's backticks and tags pair up at random); then the
            // definition is unreferenced and its warning excuses its words.
            self.excuse = Some(format!("[^{label}]:"));
            let mut body = self.paragraph(5);
            // A note's own note calls are refused by design; keep them out.
            while body.contains("[^") {
                body = self.paragraph(5);
            }
            let _ = write!(out, "\n\n[^{label}]: {body}");
            if self.rng.chance(25) {
                let n = 1 + self.rng.below(2);
                let extra = self.blocks(5, n);
                for b in extra {
                    if b.contains("[^") {
                        continue;
                    }
                    out.push_str("\n\n");
                    out.push_str(&prefix_lines(&b, "    ", ""));
                }
            }
            self.excuse = None;
        }
        if self.rng.chance(10) {
            let label = format!("unused{}", notes.len());
            self.excuse = Some(format!("[^{label}]:"));
            let body = self.paragraph(5).replace("[^", "[");
            self.excuse = None;
            let _ = write!(out, "\n\n[^{label}]: {body}");
        }
        out
    }

    fn chapter(&mut self, title: &str) -> String {
        let mut text = format!("# {title}");
        if self.rng.chance(20) {
            self.note_ref(&mut text);
        }
        text.push_str("\n\n");
        let n = 1 + self.rng.below(8);
        text.push_str(&self.blocks(0, n).join("\n\n"));
        text.push_str(&self.definitions());
        if self.rng.chance(4) {
            // An HTML block CommonMark ends only at its closing tag: the rest
            // of the chapter is raw HTML, and a warning must say so.
            let opener = self.rng.pick(&[
                "<script class=\"unclosed\">",
                "<style class=\"unclosed\">",
                "<textarea class=\"unclosed\">",
                "<pre class=\"unclosed\">",
            ]);
            text.push_str("\n\n");
            text.push_str(opener);
            self.excuse = Some(opener.to_string());
            text.push_str("\n\n");
            text.push_str(&self.blocks(0, 2).join("\n\n"));
            self.excuse = None;
            // Calls written inside the raw HTML are no calls.
            self.notes.clear();
        }
        text.push('\n');
        text
    }
}

fn prefix_lines(text: &str, prefix: &str, blank: &str) -> String {
    text.lines()
        .map(|l| {
            if l.is_empty() {
                blank.to_string()
            } else {
                format!("{prefix}{l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A 2×2 PNG.
pub fn png() -> Vec<u8> {
    let mut bytes = Vec::new();
    let img = image::RgbImage::from_pixel(2, 2, image::Rgb([200, 40, 40]));
    img.write_to(
        &mut std::io::Cursor::new(&mut bytes),
        image::ImageFormat::Png,
    )
    .expect("encode a PNG");
    bytes
}

/// `s` as a double-quoted string, which TOML and YAML read alike (`\"`,
/// `\\`, `\uXXXX` for controls).
fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The book of `seed`.
pub fn case(seed: u64) -> Case {
    let mut rng = Rng::new(seed);
    let lone = rng.chance(25);
    let lang = rng.pick(LANGS).to_string();
    let mut title = String::new();
    let chapters = if lone { 1 } else { 1 + rng.below(4) };
    let mut w = Writer {
        rng,
        seed,
        next_marker: 0,
        markers: Vec::new(),
        excuse: None,
        notes: Vec::new(),
        up: "",
    };
    let n = 1 + w.rng.below(4);
    w.words(n, &mut title);
    if w.rng.chance(5) {
        title = "T".repeat(300);
    }
    let mut files: Vec<(String, Vec<u8>)> = vec![("images/dot.png".to_string(), png())];
    let mut texts: Vec<(String, String)> = Vec::new();
    let names = ["one.md", "two.md", "sub/three.md", "sub/deeper/four.md"];
    for name in names.iter().take(chapters) {
        w.up = ["", "../", "../../"][name.matches('/').count()];
        let mut heading = String::new();
        let n = 1 + w.rng.below(3);
        w.words(n, &mut heading);
        let text = w.chapter(heading.trim());
        texts.push((name.to_string(), text));
    }
    let author = if w.rng.chance(5) {
        String::new()
    } else {
        "A. Writer".to_string()
    };
    let target = if lone {
        let (_, body) = texts.pop().expect("one chapter");
        let mut front = format!(
            "---\ntitle: {}\nauthor: {}\nlang: {lang}\n",
            quoted(&title),
            quoted(&author)
        );
        if w.rng.chance(10) {
            front.push_str(w.rng.pick(&[
                "cover-image: images/dot.png\n",
                "cover-image: ../../secret.jpg\n",
                "date: 2024-02-30\n",
                "date: 2024-02-29\n",
            ]));
        }
        front.push_str("---\n\n");
        texts.push(("book.md".to_string(), front + &body));
        "book.md".to_string()
    } else {
        let mut toml = format!(
            "[book]\ntitle = {}\nauthors = [{}]\nlanguage = {}\nidentifier = \"urn:uuid:00000000-0000-5000-8000-{:012}\"\n",
            quoted(&title),
            quoted(&author),
            quoted(&lang),
            seed % 1_000_000_000_000
        );
        if w.rng.chance(15) {
            toml.push_str(w.rng.pick(&[
                "\n[pdf]\ntrim = { width = \"210mm\", height = \"297mm\" }\n",
                "\n[pdf]\nfont-size = 14\n",
                "\n[pdf]\nfont-size = 7\nmargins = { top = \"1cm\", bottom = \"1cm\", inner = \"1cm\", outer = \"1cm\" }\n",
                "\n[notes]\nnumbering = \"book\"\n",
                "\n[output]\nname = \"\u{202e}evil\"\n",
                "\n[output]\nformats = [\"epub\", \"pdf\"]\n",
                "\n[output.html]\ndefault-theme = \"light\"\n",
            ]));
        }
        let mut summary = String::from("# Summary\n\n");
        for (i, (name, text)) in texts.iter().enumerate() {
            let indent = if i > 0 && w.rng.chance(30) { "  " } else { "" };
            let first = text.lines().next().unwrap_or("").trim_start_matches("# ");
            let label: String = first
                .chars()
                .filter(|c| !matches!(c, '[' | ']' | '\n'))
                .collect();
            let _ = writeln!(summary, "{indent}- [{}]({name})", label.trim());
        }
        files.push(("book.toml".to_string(), toml.into_bytes()));
        files.push(("SUMMARY.md".to_string(), summary.into_bytes()));
        if w.rng.chance(10) {
            files.push(("style.css".to_string(), b"p { color: #333; }\n".to_vec()));
        }
        ".".to_string()
    };
    let markers = w.markers.clone();
    let mut located = Vec::new();
    for (word, excuse) in markers {
        let Some((file, text)) = texts.iter().find(|(_, t)| t.contains(&word)) else {
            continue;
        };
        let line_of = |needle: &str| {
            text.find(needle)
                .map(|at| text[..at].matches('\n').count() + 1)
        };
        located.push(Marker {
            word: word.clone(),
            file: file.clone(),
            line: line_of(&word).expect("found above"),
            excused_at: excuse.as_deref().and_then(line_of),
        });
    }
    for (name, text) in texts {
        files.push((name, text.into_bytes()));
    }
    Case {
        seed,
        files,
        target,
        markers: located,
    }
}
