//! Syntax highlighting of code blocks, once for both books: syntect's
//! Sublime Text grammars (the set `bat` curates, through `two-face`) turn a
//! block's text into [`Token`]s of a few [`TokenKind`]s, which the EPUB
//! writes as classes and the PDF sets in colour, weight and slant from the
//! one table here, [`STYLES`].
//!
//! The grammars are loaded the first time a code block names a language,
//! so a book without code pays nothing for them.

use std::sync::LazyLock;

use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxSet};

use crate::model::{Token, TokenKind};

/// How a kind of token looks in both books.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenStyle {
    pub kind: TokenKind,
    /// The EPUB's class for it.
    pub class: &'static str,
    /// sRGB colour. Each has a relative luminance of about 0.18, so it
    /// keeps a contrast of 4.5:1 or more against white *and* black: it is
    /// readable in a reading system's day, sepia and night modes alike.
    pub rgb: [u8; 3],
    pub bold: bool,
    pub italic: bool,
}

const fn style(
    kind: TokenKind,
    class: &'static str,
    rgb: [u8; 3],
    bold: bool,
    italic: bool,
) -> TokenStyle {
    TokenStyle {
        kind,
        class,
        rgb,
        bold,
        italic,
    }
}

/// Every kind's look. Keywords and tags are bold and comments italic, so
/// that code reads on e-ink and in grey print, where colours do not show.
pub const STYLES: [TokenStyle; 8] = [
    style(
        TokenKind::Comment,
        "tok-comment",
        [0x6d, 0x75, 0x85],
        false,
        true,
    ),
    style(
        TokenKind::Keyword,
        "tok-keyword",
        [0xbf, 0x38, 0xbf],
        true,
        false,
    ),
    style(
        TokenKind::String,
        "tok-string",
        [0x22, 0x87, 0x22],
        false,
        false,
    ),
    style(
        TokenKind::Number,
        "tok-number",
        [0xaf, 0x61, 0x13],
        false,
        false,
    ),
    style(
        TokenKind::Constant,
        "tok-constant",
        [0xd6, 0x3c, 0x3c],
        false,
        false,
    ),
    style(
        TokenKind::Function,
        "tok-function",
        [0x29, 0x73, 0xd9],
        false,
        false,
    ),
    style(
        TokenKind::Type,
        "tok-type",
        [0x17, 0x82, 0x82],
        false,
        false,
    ),
    style(TokenKind::Tag, "tok-tag", [0x84, 0x5f, 0xd0], true, false),
];

/// The look of one kind of token.
pub fn style_of(kind: TokenKind) -> &'static TokenStyle {
    STYLES.iter().find(|s| s.kind == kind).unwrap_or(&STYLES[0])
}

/// The grammars, loaded on first use (about 0.1 s; never for a book
/// without a language-tagged code block).
static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(two_face::syntax::extra_newlines);

/// Scope prefixes → kinds, most specific first; `None` keeps a scope plain
/// even inside a broader one (operators are `keyword.operator`).
static SCOPES: LazyLock<Vec<(Scope, Option<TokenKind>)>> = LazyLock::new(|| {
    use TokenKind::*;
    let table: &[(&str, Option<TokenKind>)] = &[
        ("comment", Some(Comment)),
        ("punctuation.definition.comment", Some(Comment)),
        ("constant.character.escape", Some(Constant)),
        ("punctuation.definition.string", Some(String)),
        ("string", Some(String)),
        ("constant.numeric", Some(Number)),
        ("constant", Some(Constant)),
        ("variable.language", Some(Keyword)),
        ("keyword.operator.word", Some(Keyword)),
        ("keyword.operator", None),
        ("keyword", Some(Keyword)),
        ("storage.type.function", Some(Keyword)),
        ("storage", Some(Keyword)),
        ("entity.name.function", Some(Function)),
        ("support.function", Some(Function)),
        ("variable.function", Some(Function)),
        ("entity.name.type", Some(Type)),
        ("entity.name.class", Some(Type)),
        ("entity.name.struct", Some(Type)),
        ("entity.name.enum", Some(Type)),
        ("entity.name.trait", Some(Type)),
        ("entity.other.inherited-class", Some(Type)),
        ("support.type", Some(Type)),
        ("support.class", Some(Type)),
        ("entity.name.tag", Some(Tag)),
        ("entity.other.attribute-name", Some(Tag)),
        ("entity.name.macro", Some(Tag)),
        ("support.macro", Some(Tag)),
        ("meta.preprocessor", Some(Tag)),
    ];
    table
        .iter()
        .filter_map(|(s, k)| Some((Scope::new(s).ok()?, *k)))
        .collect()
});

/// Whether a grammar is known for `lang` (an info string's first word:
/// `rust`, `py`, `toml`, `JavaScript`), without loading the grammars when
/// there is no language at all.
pub fn knows(lang: &str) -> bool {
    !lang.trim().is_empty() && SYNTAXES.find_syntax_by_token(lang.trim()).is_some()
}

/// The tokens of `text` written in `lang`: byte ranges on char
/// boundaries, in order, never spanning a line end. Empty for a language
/// without a grammar (the block is then set plain, as written).
pub fn tokens(lang: &str, text: &str) -> Vec<Token> {
    let lang = lang.trim();
    if lang.is_empty() || text.is_empty() {
        return Vec::new();
    }
    let set = &*SYNTAXES;
    let Some(syntax) = set.find_syntax_by_token(lang) else {
        return Vec::new();
    };
    let mut state = ParseState::new(syntax);
    let mut stack = ScopeStack::new();
    let mut out: Vec<Token> = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let Ok(ops) = state.parse_line(line, set) else {
            // A grammar that fails on this text: the block stays plain.
            return Vec::new();
        };
        let body = line.trim_end_matches(['\n', '\r']).len();
        let mut at = 0;
        for (i, op) in ops {
            let i = i.min(body);
            if i > at {
                push(&mut out, offset + at..offset + i, classify(&stack));
                at = i;
            }
            if stack.apply(&op).is_err() {
                return Vec::new();
            }
        }
        if body > at {
            push(&mut out, offset + at..offset + body, classify(&stack));
        }
        offset += line.len();
    }
    out
}

/// The kind of the innermost scope that has one.
fn classify(stack: &ScopeStack) -> Option<TokenKind> {
    for scope in stack.as_slice().iter().rev() {
        if let Some((_, kind)) = SCOPES.iter().find(|(p, _)| p.is_prefix_of(*scope)) {
            return *kind;
        }
    }
    None
}

/// Appends a token, merging it into the previous one when they touch and
/// are of one kind; whitespace alone makes no token.
fn push(out: &mut Vec<Token>, range: std::ops::Range<usize>, kind: Option<TokenKind>) {
    let Some(kind) = kind else { return };
    if let Some(last) = out.last_mut()
        && last.kind == kind
        && last.range.end == range.start
    {
        last.range.end = range.end;
        return;
    }
    out.push(Token { range, kind });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds<'a>(text: &'a str, tokens: &[Token]) -> Vec<(&'a str, TokenKind)> {
        tokens
            .iter()
            .map(|t| (&text[t.range.clone()], t.kind))
            .collect()
    }

    #[test]
    fn rust_keywords_strings_comments_and_numbers() {
        let text = "fn main() {\n    // Say it.\n    let n = 42;\n    println!(\"hi {n}\");\n}\n";
        let got = kinds(text, &tokens("rust", text));
        assert!(got.contains(&("fn", TokenKind::Keyword)), "{got:?}");
        assert!(got.contains(&("main", TokenKind::Function)), "{got:?}");
        assert!(got.contains(&("// Say it.", TokenKind::Comment)), "{got:?}");
        assert!(got.contains(&("let", TokenKind::Keyword)), "{got:?}");
        assert!(got.contains(&("42", TokenKind::Number)), "{got:?}");
        assert!(
            got.iter()
                .any(|(t, k)| t.contains("hi") && *k == TokenKind::String),
            "{got:?}"
        );
        // Tokens are in order, never overlap and never hold a line end.
        let all = tokens("rust", text);
        assert!(all.windows(2).all(|w| w[0].range.end <= w[1].range.start));
        assert!(all.iter().all(|t| !text[t.range.clone()].contains('\n')));
    }

    #[test]
    fn two_face_grammars_and_unknown_languages() {
        // TOML is one of the grammars `two-face` adds to syntect's own.
        let text = "[book]\ntitle = \"A\" # the title\n";
        let got = kinds(text, &tokens("toml", text));
        assert!(
            got.contains(&("# the title", TokenKind::Comment)),
            "{got:?}"
        );
        assert!(tokens("no-such-language", "x = 1").is_empty());
        assert!(tokens("", "x = 1").is_empty());
        assert!(knows("Python") && knows("js") && !knows("no-such-language"));
    }

    #[test]
    fn every_kind_has_one_distinct_style() {
        let mut classes: Vec<_> = STYLES.iter().map(|s| s.class).collect();
        classes.sort();
        classes.dedup();
        assert_eq!(classes.len(), STYLES.len());
        for s in STYLES {
            assert_eq!(style_of(s.kind), &s);
        }
    }
}
