//! Fingerprints the built-in data (lexicon, syntax model, gazetteer) so every output can say
//! which knowledge made it: stored events older than the running engine can then be re-extracted.

use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
    let mut paths = Vec::new();
    for sub in ["lexicon", "syntax", "gazetteer"] {
        let d = root.join(sub);
        println!("cargo:rerun-if-changed={}", d.display());
        files(&d, &mut paths);
    }
    // Only what the binary compiles in: the data files, not the scripts that build them.
    paths.retain(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("toml" | "bin")));
    paths.sort();
    // FNV-1a 64 over (relative path, length, bytes) of each file: cheap in an unoptimized build
    // script, and a version stamp needs change detection, not collision resistance.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for &b in bytes {
            h ^= b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    };
    for p in &paths {
        let rel = p.strip_prefix(&root).unwrap_or(p).to_string_lossy().replace('\\', "/");
        let bytes = std::fs::read(p).unwrap_or_default();
        feed(rel.as_bytes());
        feed(&(bytes.len() as u64).to_le_bytes());
        feed(&bytes);
    }
    println!("cargo:rustc-env=SITREP_DATA_HASH={h:016x}");
}
