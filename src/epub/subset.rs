//! Font subsetting for the EPUB: a TrueType font cut down to the glyphs a
//! set of characters needs, still a complete font a reading system can use
//! through `@font-face`.
//!
//! Why not the `subsetter` crate krilla uses for the PDF: it drops the
//! `cmap` (a PDF maps glyphs itself) and the layout tables, so a browser
//! cannot use its output. This keeps every glyph id where it was ("retain
//! gids", as `hb-subset --retain-gids` does): the glyphs the book needs keep
//! their outlines, every other glyph becomes empty with zero advance, the
//! `cmap` maps only the book's characters (so a reading system falls back to
//! its own font for any other, never shows a blank), and the layout tables
//! (`GSUB`, `GPOS`, `GDEF`: ligatures, kerning, marks) stay as they are,
//! valid because no glyph id moved. The glyphs kept are the characters'
//! glyphs, closed over the substitutions (`GSUB`) of the features a reading
//! system applies by default, or of every feature when the book's own
//! stylesheet may ask for others, and over composite glyphs' components.
//! Glyph names (`post`) are dropped. Fonts with CFF outlines are embedded
//! whole.

use std::collections::BTreeSet;

use read_fonts::collections::IntSet;
use read_fonts::tables::glyf::Glyph;
use read_fonts::types::{GlyphId, Tag};
use read_fonts::{FontRef, TableProvider};
use write_fonts::FontBuilder;
use write_fonts::tables::cmap::Cmap;

/// Features a reading system applies without being asked (as HarfBuzz and
/// CoreText do): composition, localised forms, ligatures, contextual and
/// positional forms of the scripts that need them.
const DEFAULT_FEATURES: &[&[u8; 4]] = &[
    b"rvrn", b"ccmp", b"locl", b"rlig", b"liga", b"clig", b"calt", b"rclt", b"isol", b"init",
    b"medi", b"fina", b"med2", b"fin2", b"fin3", b"nukt", b"akhn", b"rphf", b"pref", b"blwf",
    b"half", b"pstf", b"cjct", b"pres", b"abvs", b"blws", b"psts", b"haln", b"ljmo", b"vjmo",
    b"tjmo", b"abvm", b"blwm", b"mark", b"mkmk", b"dist", b"kern", b"frac", b"numr", b"dnom",
];

/// Glyph composition nests at most this deep (the OpenType limit is far
/// lower in practice; this only bounds a malformed font).
const MAX_COMPONENT_DEPTH: usize = 64;

/// Why a font could not be subset.
#[derive(Debug, thiserror::Error)]
pub enum SubsetError {
    #[error("the font cannot be read: {0}")]
    Read(#[from] read_fonts::ReadError),
    #[error("the subset cannot be written: {0}")]
    Write(String),
}

/// The font `data` with only what `chars` need; `all_features` keeps the
/// glyphs of every `GSUB` feature, not only the default ones. Fonts
/// without TrueType outlines come back whole.
pub fn subset(
    data: &[u8],
    chars: &BTreeSet<char>,
    all_features: bool,
) -> Result<Vec<u8>, SubsetError> {
    let font = FontRef::new(data)?;
    if font.table_data(Tag::new(b"glyf")).is_none() {
        return Ok(data.to_vec());
    }
    let cmap = font.cmap()?;
    let mappings: Vec<(char, GlyphId)> = chars
        .iter()
        .filter_map(|&c| cmap.map_codepoint(c).map(|g| (c, g)))
        .filter(|(_, g)| g.to_u32() != 0)
        .collect();
    let mut glyphs: IntSet<GlyphId> = IntSet::empty();
    glyphs.insert(GlyphId::NOTDEF);
    glyphs.extend_unsorted(mappings.iter().map(|&(_, g)| g));
    if let Ok(gsub) = font.gsub() {
        let features = if all_features {
            IntSet::all()
        } else {
            let mut tags = IntSet::empty();
            tags.extend_unsorted(DEFAULT_FEATURES.iter().map(|t| Tag::new(t)));
            gsub.collect_features(&IntSet::all(), &IntSet::all(), &tags)?
        };
        let mut lookups = gsub.collect_lookups(&features)?;
        gsub.closure_lookups(&glyphs, &mut lookups)?;
        gsub.closure_glyphs(&lookups, &mut glyphs)?;
    }

    let head = font.head()?;
    let num_glyphs = font.maxp()?.num_glyphs();
    let loca = font.loca(head.index_to_loc_format() == 1)?;
    let glyf = font.glyf()?;
    add_components(&mut glyphs, &loca, &glyf)?;

    // glyf and a long loca: kept glyphs' bytes, others empty.
    let glyf_data = glyf.offset_data().as_bytes();
    let mut new_glyf: Vec<u8> = Vec::new();
    let mut new_loca: Vec<u8> = Vec::with_capacity((usize::from(num_glyphs) + 1) * 4);
    for gid in 0..u32::from(num_glyphs) {
        new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());
        if glyphs.contains(GlyphId::new(gid)) {
            let start = loca.get_raw(gid as usize).unwrap_or(0) as usize;
            let end = loca.get_raw(gid as usize + 1).unwrap_or(0) as usize;
            if start < end && end <= glyf_data.len() {
                new_glyf.extend_from_slice(&glyf_data[start..end]);
                while !new_glyf.len().is_multiple_of(4) {
                    new_glyf.push(0);
                }
            }
        }
    }
    new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());

    // hmtx: the metrics of dropped glyphs zeroed (they compress away).
    let hhea = font.hhea()?;
    let long_metrics = u32::from(hhea.number_of_h_metrics());
    let mut hmtx = table(&font, b"hmtx")?.to_vec();
    for gid in 0..u32::from(num_glyphs) {
        if glyphs.contains(GlyphId::new(gid)) {
            continue;
        }
        let range = if gid < long_metrics {
            (gid * 4) as usize..(gid * 4 + 4) as usize
        } else {
            let at = long_metrics * 4 + (gid - long_metrics) * 2;
            at as usize..at as usize + 2
        };
        if let Some(bytes) = hmtx.get_mut(range) {
            bytes.fill(0);
        }
    }

    // head: long loca offsets; the builder recomputes checkSumAdjustment.
    let mut new_head = table(&font, b"head")?.to_vec();
    let loc_format = head.index_to_loc_format_byte_range();
    if let Some(bytes) = new_head.get_mut(loc_format) {
        bytes.copy_from_slice(&1i16.to_be_bytes());
    }
    // post: version 3, no glyph names.
    let mut post = table(&font, b"post")?
        .get(..32)
        .unwrap_or_default()
        .to_vec();
    if post.len() == 32 {
        post[..4].copy_from_slice(&0x0003_0000u32.to_be_bytes());
    }
    let cmap = Cmap::from_mappings(mappings).map_err(|e| SubsetError::Write(e.to_string()))?;

    let mut builder = FontBuilder::new();
    builder
        .add_table(&cmap)
        .map_err(|e| SubsetError::Write(e.to_string()))?;
    builder
        .add_raw(Tag::new(b"glyf"), new_glyf)
        .add_raw(Tag::new(b"loca"), new_loca)
        .add_raw(Tag::new(b"hmtx"), hmtx)
        .add_raw(Tag::new(b"head"), new_head);
    if post.len() == 32 {
        builder.add_raw(Tag::new(b"post"), post);
    }
    // Tables that would describe the dropped glyphs or sign the old bytes.
    for record in font.table_directory().table_records() {
        let tag = record.tag();
        let dropped = [b"DSIG", b"hdmx", b"LTSH", b"VDMX"]
            .iter()
            .any(|t| tag == Tag::new(t));
        if dropped {
            continue;
        }
        if let Some(data) = font.table_data(tag)
            && !builder.contains(tag)
        {
            builder.add_raw(tag, data.as_bytes());
        }
    }
    Ok(builder.build())
}

fn table<'a>(font: &FontRef<'a>, tag: &[u8; 4]) -> Result<&'a [u8], SubsetError> {
    font.table_data(Tag::new(tag))
        .map(|d| d.as_bytes())
        .ok_or(SubsetError::Read(read_fonts::ReadError::TableIsMissing(
            Tag::new(tag),
        )))
}

/// Adds the components of every composite glyph in `glyphs`, and theirs.
fn add_components(
    glyphs: &mut IntSet<GlyphId>,
    loca: &read_fonts::tables::loca::Loca<'_>,
    glyf: &read_fonts::tables::glyf::Glyf<'_>,
) -> Result<(), SubsetError> {
    let mut todo: Vec<(GlyphId, usize)> = glyphs.iter().map(|g| (g, 0)).collect();
    while let Some((gid, depth)) = todo.pop() {
        if depth > MAX_COMPONENT_DEPTH {
            continue;
        }
        if let Ok(Some(Glyph::Composite(composite))) = loca.get_glyf(gid, glyf) {
            for component in composite.components() {
                let child = GlyphId::from(component.glyph);
                if glyphs.insert(child) {
                    todo.push((child, depth + 1));
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn regular() -> Vec<u8> {
        std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fonts/EBGaramond-Regular.ttf"
        ))
        .unwrap()
    }

    #[test]
    fn the_subset_maps_only_its_characters_and_keeps_their_outlines_and_ligatures() {
        let data = regular();
        let chars: BTreeSet<char> = "office é".chars().collect();
        let small = subset(&data, &chars, false).unwrap();
        // The layout tables (GPOS, GSUB) are kept whole: most of what remains.
        assert!(
            small.len() * 3 < data.len(),
            "{} of {}",
            small.len(),
            data.len()
        );
        let font = FontRef::new(&small).unwrap();
        let original = FontRef::new(&data).unwrap();
        let cmap = font.cmap().unwrap();
        for c in chars.iter() {
            let gid = cmap.map_codepoint(*c).unwrap();
            assert_eq!(Some(gid), original.cmap().unwrap().map_codepoint(*c), "{c}");
        }
        assert_eq!(cmap.map_codepoint('z'), None, "no blank glyph for z");
        let (loca, glyf) = (font.loca(true).unwrap(), font.glyf().unwrap());
        let o = original.cmap().unwrap().map_codepoint('f').unwrap();
        assert!(
            loca.get_glyf(o, &glyf).unwrap().is_some(),
            "f keeps its outline"
        );
        let z = original.cmap().unwrap().map_codepoint('z').unwrap();
        assert!(loca.get_glyf(z, &glyf).unwrap().is_none(), "z is emptied");
        // The ligatures "office" shapes with are kept: more glyphs have
        // outlines than the characters map to.
        let outlined = (0..font.maxp().unwrap().num_glyphs() as u32)
            .filter(|&g| loca.get_glyf(GlyphId::new(g), &glyf).unwrap().is_some())
            .count();
        assert!(
            outlined > chars.len(),
            "{outlined} outlines for {} chars",
            chars.len()
        );
        assert!(font.table_data(Tag::new(b"GPOS")).is_some(), "kerning kept");
        assert_eq!(
            subset(&data, &chars, false).unwrap(),
            small,
            "deterministic"
        );
    }
}
