use super::*;

fn no_rasters(_: &[u8]) -> Result<&'static str, String> {
    Err("is not allowed here".into())
}

fn checked(svg: &str) -> Result<Checked, String> {
    check(svg.as_bytes(), &mut no_rasters)
}

fn cleaned(svg: &str) -> (String, Vec<String>) {
    let c = checked(svg).unwrap();
    (String::from_utf8(c.data).unwrap(), c.removed)
}

const OPEN: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="200" height="100">"#;

#[test]
fn drawing_and_text_survive_hostile_parts_do_not() {
    let svg = format!(
        r##"{OPEN}
<script>alert(1)</script>
<defs><linearGradient id="g"><stop offset="0" stop-color="red"/></linearGradient></defs>
<rect width="10" height="10" fill="url(#g)" onclick="alert(2)" style="stroke:url(http://x/y#z); opacity:0.5"/>
<foreignObject><p xmlns="http://www.w3.org/1999/xhtml">html</p></foreignObject>
<image xlink:href="/etc/passwd" width="5" height="5"/>
<image href="https://tracker.example/pixel.png" width="5" height="5"/>
<use xlink:href="other.svg#shape"/>
<a xlink:href="javascript:alert(3)"><text x="5" y="50">Caption &amp; words</text></a>
<set attributeName="href" to="javascript:alert(4)"/>
<style>@import url(evil.css); rect {{ fill: url(https://x/y); stroke: blue }}</style>
</svg>"##
    );
    let (out, removed) = cleaned(&svg);
    for gone in [
        "script",
        "alert",
        "foreignObject",
        "passwd",
        "tracker",
        "other.svg",
        "javascript",
        "<set",
        "import",
        "https://x",
        "http://x",
    ] {
        assert!(!out.contains(gone), "{gone} got through:\n{out}");
    }
    for kept in [
        "Caption &amp; words",
        "fill=\"url(#g)\"",
        "style=\"opacity:0.5;\"",
        "stroke:blue",
        "<linearGradient id=\"g\">",
    ] {
        assert!(out.contains(kept), "{kept} lost:\n{out}");
    }
    let all = removed.join("\n");
    for note in [
        "<script> removed",
        "event handler `onclick` removed",
        "<foreignObject> removed",
        "<image> of `/etc/passwd` removed",
        "<image> of `https://tracker.example/pixel.png` removed",
        "reference to `other.svg#shape` on <use> removed",
        "link to `javascript:alert(3)` removed",
        "<set> removed",
        "`stroke` removed",
        "`fill` removed",
        "CSS at-rules",
    ] {
        assert!(all.contains(note), "no note `{note}` in:\n{all}");
    }
    // What is written is SVG that usvg reads back with its text.
    let tree = parse(out.as_bytes(), &options_with(Arc::default())).unwrap();
    assert_eq!((tree.size().width(), tree.size().height()), (200.0, 100.0));
}

#[test]
fn ids_are_names_used_once_and_links_become_groups() {
    let svg = format!(
        r##"{OPEN}<rect id="a" width="4" height="4"/><rect id="a" x="5" width="4" height="4"/><a href="#a" target="_top"><text y="20" id="1bad">x</text></a></svg>"##
    );
    let (out, removed) = cleaned(&svg);
    assert_eq!(out.matches("id=\"a\"").count(), 1, "{out}");
    assert!(
        !out.contains("1bad") && !out.contains("<a") && !out.contains("_top"),
        "{out}"
    );
    assert!(out.contains("<g><text y=\"20\">x</text></g>"), "{out}");
    assert_eq!(
        removed,
        [
            "id `1bad` removed: an id must be an XML name",
            "id `a` removed where it is used again (the first element keeps it)",
            "link to `#a` removed: links inside images are not followed",
        ]
    );
}

#[test]
fn editor_data_goes_quietly() {
    let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" viewBox="0 0 10 10">
<metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></metadata>
<sodipodi:namedview inkscape:zoom="2"/>
<g inkscape:label="Layer 1" inkscape:groupmode="layer"><path d="M0 0L10 10"/></g>
</svg>"#;
    let (out, removed) = cleaned(svg);
    assert!(removed.is_empty(), "{removed:?}");
    assert!(!out.contains("inkscape") && !out.contains("rdf"), "{out}");
    assert!(out.contains("<path d=\"M0 0L10 10\"/>"), "{out}");
    let c = checked(svg).unwrap();
    assert_eq!((c.width, c.height), (10, 10));
}

#[test]
fn embedded_rasters_are_checked_and_re_encoded() {
    let svg = format!(
        r#"{OPEN}<image width="5" height="5" xlink:href="data:image/png;base64,iVBORw0KGgo="/><image width="5" height="5" xlink:href="data:image/svg+xml;base64,PHN2Zy8+"/></svg>"#
    );
    let mut seen = Vec::new();
    let c = check(svg.as_bytes(), &mut |bytes| {
        seen.push(bytes.to_vec());
        if bytes.starts_with(b"\x89PNG") {
            Ok("image/png")
        } else {
            Err("is not an image".into())
        }
    })
    .unwrap();
    let out = String::from_utf8(c.data).unwrap();
    assert_eq!(seen.len(), 2);
    assert!(out.contains("data:image/png;base64,iVBORw0KGgo="), "{out}");
    assert!(!out.contains("svg+xml"), "{out}");
    assert_eq!(
        c.removed,
        ["an embedded image (data URL) removed: it is not an image"]
    );
}

#[test]
fn hostile_files_are_errors_not_hangs() {
    let laughs = format!(
        r#"<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>{OPEN}<text>&b;</text></svg>"#
    );
    assert!(checked(&laughs).unwrap_err().contains("billion laughs"));

    let wide = "x".repeat(100_000);
    let many = format!(
        r#"<!DOCTYPE svg [<!ENTITY a "{wide}">]>{OPEN}<text>{}</text></svg>"#,
        "&a;".repeat(100)
    );
    assert!(checked(&many).unwrap_err().contains("expands its entities"));

    let external = format!(
        r#"<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>{OPEN}<text>&x;</text></svg>"#
    );
    assert!(checked(&external).unwrap_err().contains("external entity"));

    let huge = r#"<svg xmlns="http://www.w3.org/2000/svg" width="100000000" height="10"/>"#;
    assert!(checked(huge).unwrap_err().contains("too large"));

    let deep = format!("{OPEN}{}{}</svg>", "<g>".repeat(5000), "</g>".repeat(5000));
    assert!(checked(&deep).unwrap_err().contains("deep"));

    // Ten levels of ten <use> each: 10^10 elements once expanded.
    let mut fan = format!("{OPEN}<defs><rect id=\"l0\" width=\"1\" height=\"1\"/>");
    for level in 1..=10 {
        fan.push_str(&format!("<g id=\"l{level}\">"));
        for _ in 0..10 {
            fan.push_str(&format!("<use xlink:href=\"#l{}\"/>", level - 1));
        }
        fan.push_str("</g>");
    }
    fan.push_str("</defs><use xlink:href=\"#l10\"/></svg>");
    assert!(checked(&fan).unwrap_err().contains("<use>"));

    let cycle = format!(r##"{OPEN}<g id="a"><use xlink:href="#a"/></g></svg>"##);
    assert!(checked(&cycle).unwrap_err().contains("cycle"));

    assert!(
        checked("<svg>no namespace</svg>")
            .unwrap_err()
            .contains("root element")
    );
    assert!(
        checked(&format!("{OPEN}<g>"))
            .unwrap_err()
            .contains("well-formed")
    );
    assert!(!looks_like_svg(b"\x89PNG\r\n"));
    assert!(looks_like_svg(
        b"\xEF\xBB\xBF  <?xml version=\"1.0\"?><svg/>"
    ));
}
