#!/usr/bin/env python3
"""Off-topic precision: how often sitrep finds political violence in ordinary news.

Runs `sitrep extract` over a JSON Lines corpus with a `section` field (by default
../shared/corpora/bbc.jsonl, 2,225 BBC articles in five sections) and prints, per section,
the share of articles with at least one political-violence, protest or riot event (ACLED
types Battles, Explosions/Remote violence, Violence against civilians, Protests, Riots) and
the number of such events. Sport, tech, entertainment and business articles hold almost none,
so what is found there is (nearly all) false.

Usage: python3 eval/offtopic.py [--bin target/release/sitrep] [--corpus FILE] [--show N]
       [--json] [--max SECTION=SHARE ...]

--show N prints N sample triggers per section with their sentences (for error analysis).
--max sport=0.05 exits 1 when a section's share is above the bound (used by the test).
Stdlib only.
"""
from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

PV_TYPES = {"Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots"}
ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", default=str(ROOT / "target/release/sitrep"))
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared/corpora/bbc.jsonl"))
    ap.add_argument("--show", type=int, default=0, help="sample triggers to print per section")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    ap.add_argument("--max", action="append", default=[], metavar="SECTION=SHARE")
    ap.add_argument("--extra", default="", help="extra arguments for sitrep extract")
    args = ap.parse_args()

    corpus = Path(args.corpus)
    if not corpus.exists():
        print(f"offtopic: corpus {corpus} not found", file=sys.stderr)
        return 2
    section_of = {}
    with corpus.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                d = json.loads(line)
                section_of[d["id"]] = d.get("section") or "?"
    cmd = [args.bin, "extract", "--input", "jsonl", "--format", "jsonl", *args.extra.split(), str(corpus)]
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode not in (0, 1):
        print(out.stderr, file=sys.stderr)
        return 2

    articles = Counter()
    hit = Counter()
    events = Counter()
    triggers = defaultdict(Counter)
    samples = defaultdict(list)
    for line in out.stdout.splitlines():
        d = json.loads(line)
        aid = d["article"]["id"]
        sec = section_of.get(aid, "?")
        articles[sec] += 1
        text_sents = d.get("sentences") or []
        pv = [e for e in d["events"] if e.get("acled") and e["acled"]["event_type"] in PV_TYPES]
        if pv:
            hit[sec] += 1
        events[sec] += len(pv)
        for e in pv:
            triggers[sec][e["trigger"]["text"].lower()] += 1
            samples[sec].append((aid, e["trigger"]["text"], e["acled"]["sub_event_type"], e["sentence"]["index"], e.get("rule", "")))

    rows = []
    for sec in sorted(articles):
        share = hit[sec] / articles[sec] if articles[sec] else 0.0
        rows.append({"section": sec, "articles": articles[sec], "with_pv": hit[sec], "share": round(share, 4),
                     "events": events[sec], "top_triggers": triggers[sec].most_common(8)})
    if args.json:
        print(json.dumps({"corpus": str(corpus), "sections": rows}))
    else:
        print(f"{'section':<14}{'articles':>9}{'with PV':>9}{'share':>8}{'events':>8}  top triggers")
        for r in rows:
            top = ", ".join(f"{t} {n}" for t, n in r["top_triggers"][:6])
            print(f"{r['section']:<14}{r['articles']:>9}{r['with_pv']:>9}{r['share']:>8.1%}{r['events']:>8}  {top}")
    if args.show:
        rnd = random.Random(7)
        for sec in sorted(samples):
            print(f"\n== {sec}")
            for s in rnd.sample(samples[sec], min(args.show, len(samples[sec]))):
                print("  ", s)
    bad = 0
    for m in args.max:
        sec, _, bound = m.partition("=")
        r = next((r for r in rows if r["section"] == sec), None)
        if r is None:
            print(f"offtopic: no section {sec!r}", file=sys.stderr)
            bad = 1
        elif r["share"] > float(bound):
            print(f"offtopic: {sec} share {r['share']:.3f} is over {bound}", file=sys.stderr)
            bad = 1
    return bad


if __name__ == "__main__":
    sys.exit(main())
