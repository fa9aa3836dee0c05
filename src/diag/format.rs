//! How a diagnostic is printed (`--message-format`): for a person at a
//! terminal, on one short line, as JSON for scripts, or as GitHub Actions
//! workflow commands so each problem shows on the pull request's line.
//! One function per format, so every command prints the same way.

use super::{Diagnostic, escape_for_terminal};

/// `--message-format`: who reads the diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MessageFormat {
    /// `file:line:col: error: message`, like a compiler, with a status
    /// line for each book.
    #[default]
    Human,
    /// `file:line:col: error[code]: message`, one line each, nothing else
    /// but the closing summary.
    Short,
    /// One JSON object per line on stdout (see [`json`]).
    Json,
    /// GitHub Actions workflow commands (see [`github`]).
    Github,
}

/// `file:line:col` with as much of the place as is known.
fn place(d: &Diagnostic) -> String {
    let file = escape_for_terminal(&d.file);
    match (d.line, d.col) {
        (0, _) => file.into_owned(),
        (l, 0) => format!("{file}:{l}"),
        (l, c) => format!("{file}:{l}:{c}"),
    }
}

/// `file:line:col: error: message`, safe to print to a terminal.
pub fn human(d: &Diagnostic) -> String {
    format!(
        "{}: {}: {}",
        place(d),
        d.severity.label(),
        escape_for_terminal(&d.message)
    )
}

/// `file:line:col: error[code]: message`, safe to print to a terminal.
pub fn short(d: &Diagnostic) -> String {
    format!(
        "{}: {}[{}]: {}",
        place(d),
        d.severity.label(),
        d.code,
        escape_for_terminal(&d.message)
    )
}

/// One line of JSON: `{"reason":"diagnostic","book":…,"level":…,"code":…,
/// "message":…,"file":…,"line":…,"column":…}`. An unknown line or column
/// is `null`. The text is kept as written (JSON escapes what must be).
pub fn json(d: &Diagnostic, book: &str) -> String {
    let known = |n: u32| (n > 0).then_some(n);
    serde_json::json!({
        "reason": "diagnostic",
        "book": book,
        "level": d.severity.label(),
        "code": d.code,
        "message": d.message,
        "file": d.file,
        "line": known(d.line),
        "column": known(d.col),
    })
    .to_string()
}

/// A GitHub Actions workflow command:
/// `::error file=F,line=L,col=C,title=bindery CODE::message`, escaped as
/// the runner expects (`%`, CR, LF in the message; also `:` and `,` in the
/// properties). Line and column are left out when unknown.
pub fn github(d: &Diagnostic) -> String {
    let mut props = vec![format!("file={}", property(&d.file))];
    if d.line > 0 {
        props.push(format!("line={}", d.line));
        if d.col > 0 {
            props.push(format!("col={}", d.col));
        }
    }
    let title = if d.code == Diagnostic::GENERIC {
        "bindery".to_string()
    } else {
        format!("bindery {}", d.code)
    };
    props.push(format!("title={}", property(&title)));
    format!(
        "::{} {}::{}",
        d.severity.label(),
        props.join(","),
        data(&d.message)
    )
}

/// A workflow command's message text, escaped.
fn data(text: &str) -> String {
    escape_for_terminal(
        &text
            .replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A"),
    )
    .into_owned()
}

/// A workflow command's property value, escaped.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Diagnostic {
        Diagnostic::error("b/ch,1.md", 3, 22, "100% wrong:\nreally").with_code("note-undefined")
    }

    #[test]
    fn human_and_short() {
        assert_eq!(
            human(&sample()),
            "b/ch,1.md:3:22: error: 100% wrong:\\u{000A}really"
        );
        let d = Diagnostic::warning("book.toml", 0, 0, "w");
        assert_eq!(short(&d), "book.toml: warning[bindery]: w");
    }

    #[test]
    fn json_is_one_parsable_line() {
        let line = json(&sample(), "b");
        assert!(!line.contains('\n'));
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["level"], "error");
        assert_eq!(v["code"], "note-undefined");
        assert_eq!(v["file"], "b/ch,1.md");
        assert_eq!(v["line"], 3);
        assert_eq!(v["column"], 22);
        assert_eq!(v["book"], "b");
        assert_eq!(v["message"], "100% wrong:\nreally");
        let unlocated = json(&Diagnostic::warning("x", 0, 0, "m"), "x");
        let v: serde_json::Value = serde_json::from_str(&unlocated).unwrap();
        assert!(v["line"].is_null() && v["column"].is_null());
    }

    #[test]
    fn github_workflow_command_is_escaped() {
        assert_eq!(
            github(&sample()),
            "::error file=b/ch%2C1.md,line=3,col=22,title=bindery note-undefined::100%25 wrong:%0Areally"
        );
        let d = Diagnostic::warning("book.toml", 0, 0, "w");
        assert_eq!(github(&d), "::warning file=book.toml,title=bindery::w");
    }
}
