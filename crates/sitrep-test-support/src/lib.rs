//! Helpers for sitrep's tests (a dev-dependency only, never linked into the binary).
//!
//! Some tests read the project's shared folder (`shared/examples/ramadi.txt`, its gold file):
//! `../shared` beside the workspace, or the folder named by `SITREP_SHARED`. When the file is
//! missing, a developer's run prints `skipped: <path> not present` and the test returns; a CI
//! run (`CI` is `true` or `1`) panics naming the missing path, so a CI without the shared
//! folder fails instead of passing on nothing.

use std::path::{Path, PathBuf};

/// The shared folder: `$SITREP_SHARED` when set and not empty, else `shared` beside the
/// workspace root (`../shared` from the root).
pub fn shared_dir() -> PathBuf {
    match std::env::var_os("SITREP_SHARED") {
        Some(d) if !d.is_empty() => PathBuf::from(d),
        _ => {
            // The test's own crate, crates/<name>, as `cargo test` sets it when the test runs (not
            // when this crate was built: a target dir shared by two checkouts keeps the first
            // one's path); then crates → the workspace root → the folder above it.
            let krate = std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
            krate.ancestors().nth(3).unwrap_or(Path::new("..")).join("shared")
        }
    }
}

/// Whether this run is CI's: `CI` is `true` or `1` (as CI services set it).
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

/// The path of `rel` (e.g. `"examples/ramadi.txt"`) inside the shared folder when it exists.
/// When it does not: `None` after printing `skipped: <path> not present`, or, in CI, a panic
/// naming the path. Tests call it first and return on `None`.
pub fn shared_file(rel: &str) -> Option<PathBuf> {
    present_or_skip(&shared_dir().join(rel), in_ci())
}

/// [`shared_file`] with the folder and the CI flag given, for testing it.
pub fn present_or_skip(path: &Path, ci: bool) -> Option<PathBuf> {
    if path.exists() {
        return Some(path.to_path_buf());
    }
    if ci {
        panic!(
            "{} not present: CI is set, so a test that needs the shared folder fails instead of skipping \
             (put `shared` beside the workspace, or set SITREP_SHARED to it)",
            path.display()
        );
    }
    eprintln!("skipped: {} not present", path.display());
    None
}

/// About `bytes` of news-like words (trigger words among them) joined by `sep`, with no sentence
/// punctuation: the input that once made event coding quadratic. Deterministic for a given size.
pub fn unpunctuated_text(bytes: usize, sep: &str) -> String {
    const WORDS: &[&str] = &[
        "the",
        "police",
        "said",
        "protesters",
        "attacked",
        "a",
        "convoy",
        "near",
        "town",
        "and",
        "killed",
        "two",
        "soldiers",
        "while",
        "militants",
        "fired",
        "at",
        "troops",
        "in",
        "Baghdad",
        "on",
        "Monday",
        "according",
        "to",
        "officials",
        "forces",
        "Mosul",
        "city",
        "protest",
        "arrested",
        "12",
        "people",
    ];
    let mut out = String::with_capacity(bytes + 16);
    let mut x: u64 = 7;
    while out.len() < bytes {
        // A linear congruential generator: no dependency, the same text every run.
        x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        if !out.is_empty() {
            out.push_str(sep);
        }
        out.push_str(WORDS[(x >> 33) as usize % WORDS.len()]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_present_file_is_returned() {
        let here = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
        assert_eq!(present_or_skip(&here, true), Some(here.clone()));
        assert_eq!(present_or_skip(&here, false), Some(here));
    }

    #[test]
    fn a_missing_file_is_skipped_outside_ci() {
        assert_eq!(present_or_skip(Path::new("/nonexistent/shared/examples/x.txt"), false), None);
    }

    #[test]
    #[should_panic(expected = "/nonexistent/shared/examples/x.txt not present")]
    fn a_missing_file_fails_in_ci_naming_it() {
        present_or_skip(Path::new("/nonexistent/shared/examples/x.txt"), true);
    }

    #[test]
    fn the_default_folder_is_beside_the_workspace() {
        if std::env::var_os("SITREP_SHARED").is_none() {
            let krate = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap());
            let root = krate.ancestors().nth(2).unwrap();
            assert_eq!(shared_dir(), root.parent().unwrap().join("shared"));
            assert!(root.join("Cargo.toml").exists());
        }
    }
}
