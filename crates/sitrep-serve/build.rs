//! Embeds the web app (`web/dist/`, built by its own toolchain) into the binary: a table of
//! (path, bytes) the server answers `/` and `/assets/…` from, so one file is the whole server.

use std::fmt::Write;
use std::path::{Path, PathBuf};

fn walk(dir: &Path, base: &Path, out: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, base, out);
        } else if let Ok(rel) = path.strip_prefix(base) {
            let name: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
            out.push((name.join("/"), path.clone()));
        }
    }
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let dist = manifest.join("web").join("dist");
    // A directory: cargo rebuilds when anything under it changes.
    println!("cargo:rerun-if-changed=web/dist");
    let mut files = Vec::new();
    walk(&dist, &dist, &mut files);
    files.sort();
    let mut code = String::from("/// The files of `web/dist/`: path (with `/`), bytes.\npub static ASSETS: &[(&str, &[u8])] = &[\n");
    for (name, path) in &files {
        // `{:?}` writes a Rust string literal (quotes and backslashes escaped).
        let _ = writeln!(code, "    ({:?}, include_bytes!({:?})),", name, path.to_string_lossy());
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo")).join("assets.rs");
    std::fs::write(out, code).expect("writing the asset table");
}
