//! Bindery: Markdown in; a reflowable EPUB 3 and a typeset print PDF out,
//! from one shared document model.
//!
//! Data flows one way: sources → [`book`] (loader) and [`markdown`]
//! (front-end) → [`model::Book`] → backends ([`epub`], [`pdf`]). Nothing
//! downstream re-parses Markdown.

pub mod book;
pub mod build;
pub mod catalogue;
pub mod config;
pub mod default_fonts;
pub mod diag;
pub mod epub;
pub mod error;
pub mod highlight;
pub mod incremental;
pub mod init;
pub mod lang;
pub mod markdown;
pub mod model;
pub mod output;
pub mod pdf;
pub mod resolve;
pub mod svg;
pub mod watch;

pub use build::{BuildOptions, BuildReport, build, check};
pub use diag::{Diagnostic, Severity};
pub use error::{Error, Result};
