//! `mdbook-bindery`: Bindery as an mdBook renderer, so that `mdbook build`
//! writes the EPUB and the PDF beside the HTML, from the chapters as
//! mdBook's preprocessors left them.
//!
//! mdBook runs it for a `book.toml` with an `[output.bindery]` table
//! (`command = "mdbook-bindery"` is the default lookup), in the renderer's
//! destination folder (`book/bindery/`, or `book/` when it is the only
//! renderer), with the render context as JSON on stdin. Exit codes as
//! `bindery build`'s: 0 built, 1 the book has errors (printed as
//! `file:line:col: error: …`) or the build failed.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use bindery::{Diagnostic, Error};
use mdbook_renderer::RenderContext;

fn main() -> ExitCode {
    let mut json = Vec::new();
    if let Err(e) = std::io::stdin().lock().read_to_end(&mut json) {
        eprintln!("mdbook-bindery: error: cannot read stdin: {e}");
        return ExitCode::from(1);
    }
    let ctx = match RenderContext::from_json(json.as_slice()) {
        Ok(ctx) => ctx,
        Err(e) => {
            eprintln!(
                "mdbook-bindery: error: stdin is not mdBook's render context ({e:#}): `mdbook build` runs this program for [output.bindery]"
            );
            return ExitCode::from(1);
        }
    };
    match render(&ctx) {
        Ok(outputs) => {
            for path in outputs {
                println!("{}", path.display());
            }
            ExitCode::SUCCESS
        }
        Err(Error::Book(diags)) => {
            print(&diags);
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("mdbook-bindery: error: {e}");
            ExitCode::from(1)
        }
    }
}

/// Loads the context's book, renders every format `book.toml` asks for,
/// then writes them all into the destination, all or none
/// (`bindery::output::commit`, as `bindery build` writes).
fn render(ctx: &RenderContext) -> Result<Vec<PathBuf>, Error> {
    let (book, mut warnings) = bindery::book::load_rendered(ctx)?;
    let stem = bindery::output::safe_stem(&book.settings.output_name).0;
    let (outputs, mut backend) = bindery::build::render_formats(&book, &book.settings.formats)?;
    warnings.append(&mut backend);
    let rendered: Vec<(String, Vec<u8>)> = outputs
        .into_iter()
        .map(|(format, bytes)| {
            let name = format!("{stem}.{}", bindery::build::extension(format));
            (name, bytes)
        })
        .collect();
    print(&warnings);
    let files: Vec<(String, &[u8])> = rendered
        .iter()
        .map(|(name, bytes)| (name.clone(), bytes.as_slice()))
        .collect();
    let dir: &Path = &ctx.destination;
    bindery::output::commit(dir, &files)
}

fn print(diags: &[Diagnostic]) {
    for d in diags {
        eprintln!("{d}");
    }
}
