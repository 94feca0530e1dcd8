#!/usr/bin/env python3
"""Collects the raw results that bench/run leaves in a folder, prints the table
and writes the same figures as JSON (standard library only).

Usage: report.py RESULTS_DIR OUT_JSON

RESULTS_DIR holds, for each run NAME (spacy, sitrep_1t, sitrep_all):
  NAME.stdout NAME.stderr  the command's output
  NAME.time                what `/usr/bin/time -f '%M' -o` wrote (peak RSS, KiB)
  NAME.wall                external wall time of the whole command, seconds
  NAME.rc                  exit status
  NAME.skip                (instead of the above) why it was not run
and coldstart.json or coldstart.skip. Run metadata comes from BENCH_* variables.
"""
import json
import os
import sys

RUNS = [
    ("spacy", "spaCy en_core_web_sm (nlp.pipe, 1 proc)", "1"),
    ("sitrep_parse_1t", "sitrep parse: tagger + parser alone, every sentence (1 core)", "1"),
    ("sitrep_core_1t", "sitrep --threads 1 --no-events --no-geo (core)", "1"),
    ("sitrep_nogeo_1t", "sitrep --threads 1 --no-geo (core + events)", "1"),
    ("sitrep_1t", "sitrep --threads 1 (full, geocoding on)", "1"),
    ("sitrep_all", "sitrep (all cores)", None),
]


def read(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except FileNotFoundError:
        return None


def last_json_line(text, key):
    """The last line of `text` that parses as a JSON object holding `key`."""
    for line in reversed((text or "").splitlines()):
        line = line.strip()
        if not line.startswith("{"):
            continue
        try:
            obj = json.loads(line)
        except ValueError:
            continue
        if isinstance(obj, dict) and key in obj:
            return obj
    return None


def corpus_reference(path):
    articles = 0
    n_bytes = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                articles += 1
                n_bytes += len(json.loads(line)["text"].encode("utf-8"))
    return articles, n_bytes


def tail(text, n=8):
    lines = (text or "").rstrip().splitlines()
    return "\n".join(lines[-n:])


def collect(resdir, name, ref):
    r = {"name": name}
    skip = read(os.path.join(resdir, name + ".skip"))
    if skip is not None:
        r["status"] = "skipped"
        r["reason"] = skip.strip()
        return r
    rc_text = read(os.path.join(resdir, name + ".rc"))
    if rc_text is None:
        r["status"] = "not run"
        return r
    rc = int(rc_text.strip() or "0")
    stdout = read(os.path.join(resdir, name + ".stdout"))
    stderr = read(os.path.join(resdir, name + ".stderr"))
    time_out = read(os.path.join(resdir, name + ".time")) or ""
    wall = read(os.path.join(resdir, name + ".wall"))
    r["exit_code"] = rc
    r["wall_seconds"] = round(float(wall), 3) if wall else None
    # GNU time puts "Command exited with non-zero status N" first; %M is the last line.
    rss_lines = [l for l in time_out.strip().splitlines() if l.strip().isdigit()]
    r["peak_rss_kib"] = int(rss_lines[-1]) if rss_lines else None
    r["peak_rss_mib"] = round(r["peak_rss_kib"] / 1024, 1) if r["peak_rss_kib"] else None
    stats = last_json_line(stdout if name == "spacy" else stderr, "seconds")
    if rc != 0 or stats is None:
        r["status"] = "failed"
        why = f"exit status {rc}" if rc != 0 else "no stats JSON line found"
        r["reason"] = why
        r["stderr_tail"] = tail(stderr)
        return r
    r["status"] = "ok"
    r["stats"] = stats
    secs = float(stats["seconds"])
    for k in ("articles", "bytes", "sentences"):
        r[k] = stats.get(k)
    r["seconds"] = secs
    if secs > 0:
        r["mb_per_s"] = round(stats["bytes"] / 1e6 / secs, 3) if stats.get("bytes") is not None else None
        r["sentences_per_s"] = round(stats["sentences"] / secs, 1) if stats.get("sentences") is not None else None
        r["articles_per_s"] = round(stats["articles"] / secs, 1) if stats.get("articles") is not None else None
    if r.get("wall_seconds") and stats.get("bytes") is not None:
        r["wall_mb_per_s"] = round(stats["bytes"] / 1e6 / r["wall_seconds"], 3)
    warnings = []
    if stats.get("articles") != ref[0]:
        warnings.append(f"articles {stats.get('articles')} != corpus {ref[0]}")
    if stats.get("bytes") != ref[1]:
        warnings.append(f"bytes {stats.get('bytes')} != corpus text bytes {ref[1]}")
    if warnings:
        r["warnings"] = warnings
    return r


def fmt(v, nd=2):
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:,.{nd}f}"
    return f"{v:,}" if isinstance(v, int) else str(v)


def main() -> int:
    resdir, out_json = sys.argv[1], sys.argv[2]
    env = os.environ
    corpus = env["BENCH_CORPUS_USED"]
    ref = corpus_reference(corpus)
    results = {name: collect(resdir, name, ref) for name, _, _ in RUNS}
    for name, label, threads in RUNS:
        results[name]["label"] = label
        results[name]["threads"] = threads or env.get("BENCH_NPROC", "?")

    ratios = {}
    sp = results["spacy"]
    for name in ("sitrep_core_1t", "sitrep_nogeo_1t", "sitrep_1t", "sitrep_all"):
        s = results[name]
        if sp.get("mb_per_s") and s.get("mb_per_s"):
            ratios[f"{name}_over_spacy_mb_per_s"] = round(s["mb_per_s"] / sp["mb_per_s"], 2)
        else:
            ratios[f"{name}_over_spacy_mb_per_s"] = None

    cold = None
    cold_text = read(os.path.join(resdir, "coldstart.json"))
    cold_skip = read(os.path.join(resdir, "coldstart.skip"))
    if cold_text:
        cold = last_json_line(cold_text, "runs")
        if cold is not None:
            cold["example"] = env.get("BENCH_EXAMPLE")
            cold["exit_code"] = int((read(os.path.join(resdir, "coldstart.rc")) or "0").strip() or "0")
            cold["status"] = "ok" if cold["exit_code"] == 0 else "failed"
    if cold is None:
        cold = {"status": "skipped" if cold_skip else "failed", "reason": (cold_skip or "no output").strip()}

    doc = {
        "quick": env.get("BENCH_QUICK") == "1",
        "corpus": env.get("BENCH_CORPUS"),
        "corpus_articles": ref[0],
        "corpus_text_bytes": ref[1],
        "machine": {
            "nproc": int(env.get("BENCH_NPROC", "0") or 0),
            "cpu_model": env.get("BENCH_CPU"),
            "mem_total_gib": env.get("BENCH_MEM_GIB"),
            "os": env.get("BENCH_OS"),
        },
        "git_commit": env.get("BENCH_GIT"),
        "rustc": env.get("BENCH_RUSTC"),
        "date_utc": env.get("BENCH_DATE"),
        "results": results,
        "ratios": ratios,
        "cold_start": cold,
        "notes": "MB = 10^6 bytes of article text (UTF-8). Rates use each tool's own processing "
        "time: spaCy's nlp.pipe loop (model load excluded), sitrep's --stats seconds (start-up "
        "excluded). wall_seconds is the whole command, timed outside.",
    }
    with open(out_json, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")

    # ---- readable output ----
    m = doc["machine"]
    print()
    print(f"Machine : {m['nproc']} cores, {m['cpu_model']}, {m['mem_total_gib']} GiB RAM ({m['os']})")
    print(f"Commit  : {doc['git_commit']}    rustc: {doc['rustc']}    date: {doc['date_utc']}")
    print(f"Corpus  : {doc['corpus']}{'  [--quick]' if doc['quick'] else ''}: "
          f"{ref[0]:,} articles, {ref[1] / 1e6:.2f} MB of text")
    print()
    head = ["tool", "threads", "MB/s", "sentences/s", "articles/s", "peak RSS MiB", "proc s", "wall s", "sentences"]
    rows = []
    for name, _, _ in RUNS:
        r = results[name]
        if r["status"] == "ok":
            rows.append([r["label"], str(r["threads"]), fmt(r.get("mb_per_s"), 3), fmt(r.get("sentences_per_s"), 0),
                         fmt(r.get("articles_per_s"), 1), fmt(r.get("peak_rss_mib"), 1), fmt(r.get("seconds"), 3),
                         fmt(r.get("wall_seconds"), 2), fmt(r.get("sentences"))])
        else:
            msg = r["status"].upper() + (": " + r["reason"] if r.get("reason") else "")
            rows.append([r["label"], str(r["threads"]), msg])
    widths = [len(h) for h in head]
    for row in rows:
        cells = row if len(row) == len(head) else row[:2]
        for i, c in enumerate(cells):
            widths[i] = max(widths[i], len(c))

    def render(cells):
        return "  ".join(c.ljust(widths[i]) if i < 2 else c.rjust(widths[i]) for i, c in enumerate(cells))

    line = render(head)
    print(line)
    print("-" * len(line))
    for row in rows:
        if len(row) == len(head):
            print(render(row))
        else:
            print(render(row[:2]) + "  " + row[2])
    print()
    for name in ("sitrep_core_1t", "sitrep_nogeo_1t", "sitrep_1t", "sitrep_all"):
        v = ratios[f"{name}_over_spacy_mb_per_s"]
        print(f"{results[name]['label']} / spaCy (MB/s): {'-' if v is None else f'{v:,.2f}x'}")
    if sp.get("stats"):
        print(f"spaCy model load (excluded above): {sp['stats'].get('load_seconds')} s")
    if cold["status"] == "ok":
        print(f"sitrep cold start ({cold['example']}): median time to first output "
              f"{fmt(cold.get('median_first_output_ms'), 1)} ms, median total {fmt(cold.get('median_total_ms'), 1)} ms "
              f"over {cold['runs']} runs")
    else:
        print(f"sitrep cold start: {cold['status']} ({cold.get('reason', '')})")
    failed = False
    for name, _, _ in RUNS:
        r = results[name]
        for w in r.get("warnings", []):
            print(f"WARNING {name}: {w}")
        if r["status"] == "failed":
            failed = True
            print(f"\n{name} FAILED ({r['reason']}); last lines of its stderr:\n{r.get('stderr_tail', '')}")
    if cold["status"] == "failed":
        failed = True
    print(f"\nJSON written to {os.path.relpath(out_json)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
