//! Definition lists: each term in bold at the left edge, kept with its
//! definitions, which hang one and a half ems in beneath it.

use super::{Blocks, Flow, Region};
use crate::model::Definition;
use crate::pdf::inline::{Align, ParaSpec, Style};
use crate::pdf::label::Role;

impl Blocks<'_, '_, '_> {
    /// Sets a definition list: for each entry, its term, then each
    /// definition as blocks in the hanging region; a half leading is not on
    /// the grid, so entries are not spaced apart (the bold terms part them).
    pub(super) fn definitions(&mut self, flow: &mut Flow, entries: &[Definition], region: &Region) {
        let (inner, _) = region.nested(region.size * 1.5, 0.0);
        for entry in entries {
            let spec = ParaSpec {
                style: Style {
                    bold: true,
                    ..Style::new(region.size)
                },
                measure: region.measure,
                indent: 0.0,
                align: Align::Left,
                hyphenate: false,
                body: false,
            };
            flow.allow_break();
            flow.labels.open(Role::ListItem, None);
            if !entry.term.is_empty() {
                let lines = self.ts.paragraph(&entry.term, &spec);
                flow.labels.open(Role::ListLabel, None);
                flow.lines(lines, region, Vec::new());
                flow.labels.close();
                // No page break between a term and its first definition.
                flow.keep = true;
            }
            flow.labels.open(Role::ListBody, None);
            for detail in &entry.details {
                flow.after_paragraph = false;
                self.blocks(flow, detail, &inner);
            }
            flow.labels.close();
            flow.labels.close();
        }
        flow.keep = false;
    }
}
