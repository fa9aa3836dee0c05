//! Running the real `bindery` binary, for the command-line tests.

#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

/// Runs `bindery ARGS` in `cwd`, with no `SOURCE_DATE_EPOCH` from the
/// environment (tests that want one set it themselves).
pub fn bindery(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bindery"))
        .args(args)
        .current_dir(cwd)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("run bindery")
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}
