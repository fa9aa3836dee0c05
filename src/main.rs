//! The `bindery` command line: a thin layer over the library.

fn main() {
    eprintln!("bindery: the command line is being built");
    std::process::exit(2);
}
