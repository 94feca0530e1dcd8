#!/usr/bin/env python3
"""Validate the geocoding development set (eval/geo/toponyms.jsonl).

Usage: python3 eval/geo/check_geo.py [FILE]

Stdlib only (Python 3.11). Per line it checks: JSON parses; exactly the expected keys; "id"
unique and shaped geo-NNN; "text" non-empty; text[start:start+len(toponym)] == toponym
(offsets are Python str indices, i.e. Unicode scalar values); "feature" one of city, admin1,
country, region, not_place; for places: "name" non-empty, "country" a 3-letter upper-case code,
lat in [-90, 90] and lon in [-180, 180]; for not_place: name, country, admin1, lat and lon are
null; "ambiguous_with" a list of non-empty strings; "note" non-empty. Then the set-wide
targets: at least 320 lines, at least 150 ambiguous items (non-empty "ambiguous_with") and at
least 3 not_place items. Prints every problem and the counts; exits 1 on any problem.
"""
from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

KEYS = {"id", "text", "toponym", "start", "name", "country", "admin1", "lat", "lon",
        "feature", "ambiguous_with", "note"}
FEATURES = {"city", "admin1", "country", "region", "not_place"}
MIN_TOTAL, MIN_AMBIGUOUS, MIN_NOT_PLACE = 320, 150, 3


def check(path: Path) -> int:
    problems: list[str] = []
    ids: set[str] = set()
    feats: Counter[str] = Counter()
    countries: Counter[str] = Counter()
    ambiguous = total = 0
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            problems.append(f"line {n}: blank line")
            continue
        where = f"line {n}"
        try:
            r = json.loads(line)
        except json.JSONDecodeError as e:
            problems.append(f"{where}: bad JSON: {e}")
            continue
        if not isinstance(r, dict):
            problems.append(f"{where}: not an object")
            continue
        total += 1
        if set(r) != KEYS:
            problems.append(f"{where}: keys differ: missing {sorted(KEYS - set(r))}, extra {sorted(set(r) - KEYS)}")
            continue
        rid = r["id"]
        where = f"line {n} ({rid})"
        if not isinstance(rid, str) or not re.fullmatch(r"geo-\d{3,}", rid):
            problems.append(f"{where}: id must look like geo-001")
        elif rid in ids:
            problems.append(f"{where}: duplicate id")
        ids.add(rid)
        text, top, start = r["text"], r["toponym"], r["start"]
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{where}: empty text")
            continue
        if not isinstance(top, str) or not top:
            problems.append(f"{where}: empty toponym")
            continue
        if not isinstance(start, int) or isinstance(start, bool) or start < 0:
            problems.append(f"{where}: start must be a non-negative integer")
        elif text[start:start + len(top)] != top:
            problems.append(f"{where}: text[{start}:{start + len(top)}] is {text[start:start + len(top)]!r}, not {top!r}")
        feat = r["feature"]
        if feat not in FEATURES:
            problems.append(f"{where}: feature {feat!r} not in {sorted(FEATURES)}")
            continue
        feats[feat] += 1
        amb = r["ambiguous_with"]
        if not isinstance(amb, list) or not all(isinstance(a, str) and a.strip() for a in amb):
            problems.append(f"{where}: ambiguous_with must be a list of non-empty strings")
        elif amb:
            ambiguous += 1
        if not isinstance(r["note"], str) or not r["note"].strip():
            problems.append(f"{where}: empty note")
        if feat == "not_place":
            for k in ("name", "country", "admin1", "lat", "lon"):
                if r[k] is not None:
                    problems.append(f"{where}: not_place must have {k} null")
            continue
        if not isinstance(r["name"], str) or not r["name"].strip():
            problems.append(f"{where}: empty name")
        c = r["country"]
        if not isinstance(c, str) or not re.fullmatch(r"[A-Z]{3}", c):
            problems.append(f"{where}: country {c!r} is not ISO 3166-1 alpha-3")
        else:
            countries[c] += 1
        if r["admin1"] is not None and (not isinstance(r["admin1"], str) or not r["admin1"].strip()):
            problems.append(f"{where}: admin1 must be a non-empty string or null")
        lat, lon = r["lat"], r["lon"]
        for k, v, lim in (("lat", lat, 90), ("lon", lon, 180)):
            if not isinstance(v, (int, float)) or isinstance(v, bool) or not -lim <= v <= lim:
                problems.append(f"{where}: {k} {v!r} outside [-{lim}, {lim}]")
    if total < MIN_TOTAL:
        problems.append(f"set: {total} items, want at least {MIN_TOTAL}")
    if ambiguous < MIN_AMBIGUOUS:
        problems.append(f"set: {ambiguous} ambiguous items, want at least {MIN_AMBIGUOUS}")
    if feats["not_place"] < MIN_NOT_PLACE:
        problems.append(f"set: {feats['not_place']} not_place items, want at least {MIN_NOT_PLACE}")
    for p in problems:
        print("PROBLEM", p)
    print(f"total {total}")
    print(f"ambiguous {ambiguous}")
    print(f"not_place {feats['not_place']}")
    print("by feature: " + ", ".join(f"{k} {feats[k]}" for k in sorted(FEATURES)))
    print(f"countries {len(countries)}: " + ", ".join(f"{k} {v}" for k, v in countries.most_common()))
    print("OK" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    arg = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("toponyms.jsonl")
    sys.exit(check(arg))
