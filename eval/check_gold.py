#!/usr/bin/env python3
"""Validate the team gold set (eval/gold/*.jsonl) against SPEC §3 and our coverage targets.

Usage: python3 eval/check_gold.py [--no-coverage] [GOLD_DIR_OR_FILE ...]

With no path it checks eval/gold/ next to this script. --no-coverage validates the given
files but skips the set-wide coverage targets (useful while drafting a single new file).

Stdlib only (Python 3.11). Prints every problem found, then coverage counts per PLOVER
category, per ACLED sub-event type, per modality and per trap kind. Exits 1 when any file is
invalid or any coverage requirement is unmet, 0 otherwise.

Per line it checks: JSON parses; required keys; inline "text" (no "text_file"); unique "id";
"published" is YYYY-MM-DD in 2003..2026; every event/trap "evidence" is a verbatim substring of
the text lying inside one sentence (and not in the dateline); every quote "contains" is a
verbatim substring inside one sentence; categories among the 16 PLOVER categories; "acled" an
event type or "Event type/Sub-event type" exactly as SPEC spells them; modality values valid;
entity/location/date/count shapes; and that traps agree with the gold events (a
no_asserted_event trap's sentence holds no asserted gold event; no gold event is located at a
no_event_location place).
"""
from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import Counter
from datetime import date
from pathlib import Path

PLOVER = [
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "REJECT", "ACCUSE", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
]
ACLED = {
    "Battles": ["Armed clash", "Government regains territory", "Non-state actor overtakes territory"],
    "Explosions/Remote violence": [
        "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED", "Grenade",
    ],
    "Violence against civilians": ["Sexual violence", "Attack", "Abduction/forced disappearance"],
    "Protests": ["Peaceful protest", "Protest with intervention", "Excessive force against protesters"],
    "Riots": ["Violent demonstration", "Mob violence"],
    "Strategic developments": [
        "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
        "Headquarters or base established", "Looting/property destruction",
        "Non-violent transfer of territory", "Other",
    ],
}
ACLED_SUB = [f"{t}/{s}" for t, subs in ACLED.items() for s in subs]
ACLED_VALID = set(ACLED) | set(ACLED_SUB)
MODALITIES = ["asserted", "negated", "requested", "planned", "predicted", "hypothetical"]
SECTORS = {
    "GOV", "MIL", "COP", "JUD", "LEG", "SPY", "PTY", "REB", "UAF", "OPP", "CVL", "BUS", "MED",
    "EDU", "REL", "JRN", "LAB", "REF", "CRM", "AGR", "ELI", "SOC", "PRE", "IGO", "NGO",
}
COUNTS = ["killed", "injured", "arrested", "displaced"]
TOP_KEYS = {"id", "published", "source", "text", "exhaustive", "events", "quotes", "traps"}
EVENT_KEYS = {"evidence", "category", "acled", "modality", "actor", "recipient", "location", "date", *COUNTS}

# Coverage targets (the acceptance criteria of the gold-set issue).
MIN_PASSAGES = 64
MIN_EXHAUSTIVE = 24
MIN_PER_CATEGORY = 3
MIN_PER_ACLED_SUB = 3  # issue 11: at least 3 team-written sentences per sub-event type
MIN_NO_ASSERTED_TRAPS = 10
MIN_NO_LOCATION_TRAPS = 5
MIN_QUOTES = 20
MIN_DISTINCT_YEARS = 10
SENTENCES_ALL = (3, 10)
SENTENCES_EXHAUSTIVE = (3, 5)

# Sentence splitting, close to crates/sitrep-segment: a sentence ends at . ! ? (plus closing
# quotes/brackets) before whitespace and a token that is not lower-case, except after
# abbreviations and single-letter initials; a line break ends one too.
ABBREV = {
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "ft", "rev", "hon", "sen", "rep", "gov",
    "gen", "lt", "col", "maj", "capt", "cpt", "sgt", "cpl", "pvt", "adm", "cmdr", "brig", "cdr",
    "insp", "supt", "pres", "amb", "sec", "atty", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "vs", "v", "etc", "approx", "est", "dept", "univ", "co",
    "corp", "inc", "ltd", "plc", "e.g", "i.e", "a.m", "p.m", "cf", "al", "km", "kg", "no",
}
CLOSERS = "\"'”’)]}"
END_RE = re.compile(r"[.!?…]+[\"'”’)\]}]*(?=\s)")
DATELINE_RE = re.compile(r"^\s*(?P<place>[^()\n]{2,60}?)\s*\((?P<source>[^)\n]{1,40})\)\s*-{1,2}\s+")


def dateline(text: str) -> tuple[int, str | None]:
    """Returns (end offset of the dateline or 0, dateline place or None)."""
    m = DATELINE_RE.match(text)
    if not m:
        return 0, None
    place = m.group("place").split(",")[0].strip()
    if not (place.isupper() or text == text.lower()):
        return 0, None
    return m.end(), place


def sentences(text: str) -> list[tuple[int, int]]:
    start, _ = dateline(text)
    caseless = text == text.lower()
    spans: list[tuple[int, int]] = []
    pos = start
    # Line breaks always end sentences here (the gold texts are single paragraphs anyway).
    for m in END_RE.finditer(text):
        if m.start() < pos:
            continue
        end = m.end()
        rest = text[end:].lstrip()
        if not rest:
            break
        nxt = rest[0]
        if not caseless and nxt.islower():
            continue
        if text[m.start()] == ".":
            word = re.search(r"([A-Za-z][A-Za-z.]*)$", text[pos:m.start()])
            if word:
                w = word.group(1)
                if w.lower().rstrip(".") in ABBREV:
                    continue
                if len(w) == 1 and w.isupper() and not caseless:
                    continue  # an initial: "George W. Bush"
                if "." in w:
                    continue  # dotted acronym: "U.S."
        spans.append((pos, end))
        pos = end + (len(text[end:]) - len(rest))
    if pos < len(text.rstrip()):
        spans.append((pos, len(text.rstrip())))
    out = []
    for s, e in spans:
        # split further on newlines
        chunk_start = s
        for i in range(s, e):
            if text[i] == "\n":
                if text[chunk_start:i].strip():
                    out.append((chunk_start, i))
                chunk_start = i + 1
        if text[chunk_start:e].strip():
            out.append((chunk_start, e))
    return out


def in_one_sentence(text: str, needle: str, sents: list[tuple[int, int]]) -> int | None:
    """Index of the first sentence that wholly contains an occurrence of needle, else None."""
    i = text.find(needle)
    while i >= 0:
        for k, (s, e) in enumerate(sents):
            if s <= i and i + len(needle) <= e:
                return k
        i = text.find(needle, i + 1)
    return None


def norm(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"[^\w\s]", " ", s)
    s = re.sub(r"\s+", " ", s).strip()
    return re.sub(r"^(the|a|an) ", "", s)


def as_list(v):
    return v if isinstance(v, list) else [v]


class Checker:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self.ids: dict[str, str] = {}
        self.passages = 0
        self.exhaustive = 0
        self.cat_any: Counter = Counter()
        self.cat_first: Counter = Counter()
        self.acled: Counter = Counter()
        self.modality: Counter = Counter()
        self.traps: Counter = Counter()
        self.quotes = 0
        self.events = 0
        self.years: Counter = Counter()
        self.lowercase = 0
        self.curly = 0
        self.bare_dateline = 0

    def err(self, where: str, msg: str) -> None:
        self.errors.append(f"{where}: {msg}")

    def warn(self, where: str, msg: str) -> None:
        self.warnings.append(f"{where}: {msg}")

    # --- shapes -------------------------------------------------------------------------
    def entity(self, where: str, v) -> None:
        if not isinstance(v, dict):
            self.err(where, "entity must be an object")
            return
        extra = set(v) - {"name", "country", "sector"}
        if extra:
            self.err(where, f"unknown entity keys {sorted(extra)}")
        if "name" in v and (not isinstance(v["name"], str) or not v["name"].strip()):
            self.err(where, "entity name must be a non-empty string")
        if "country" in v and not (isinstance(v["country"], str) and re.fullmatch(r"[A-Z]{3}", v["country"])):
            self.err(where, f"country {v.get('country')!r} is not an alpha-3 code")
        if "sector" in v:
            for s in as_list(v["sector"]):
                if s not in SECTORS:
                    self.err(where, f"sector {s!r} not among the SPEC sector codes")

    def location(self, where: str, v) -> None:
        for loc in as_list(v):
            if not isinstance(loc, dict) or "name" not in loc:
                self.err(where, "location must be an object with a name (or a list of them)")
                continue
            extra = set(loc) - {"name", "country", "lat", "lon"}
            if extra:
                self.err(where, f"unknown location keys {sorted(extra)}")
            if "country" in loc and not re.fullmatch(r"[A-Z]{3}", str(loc["country"])):
                self.err(where, f"location country {loc['country']!r} is not alpha-3")
            if ("lat" in loc) != ("lon" in loc):
                self.err(where, "location needs both lat and lon, or neither")
            if "lat" in loc:
                lat, lon = loc["lat"], loc["lon"]
                if not (isinstance(lat, (int, float)) and isinstance(lon, (int, float))
                        and -90 <= lat <= 90 and -180 <= lon <= 180):
                    self.err(where, f"bad coordinates {lat!r}, {lon!r}")

    def gold_date(self, where: str, v, published: date | None, modality) -> None:
        if not isinstance(v, str) or not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", v):
            self.err(where, f"date {v!r} must be YYYY, YYYY-MM or YYYY-MM-DD")
            return
        parts = [int(p) for p in v.split("-")]
        try:
            d = date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
        except ValueError:
            self.err(where, f"date {v!r} is not a calendar date")
            return
        future_ok = any(m in ("planned", "predicted", "requested", "hypothetical") for m in as_list(modality or []))
        if published and d > published and not future_ok:
            self.err(where, f"date {v} is after publication {published} for a non-future event")

    # --- one line -----------------------------------------------------------------------
    def line(self, fname: str, lineno: int, raw: str) -> None:
        where = f"{fname}:{lineno}"
        try:
            rec = json.loads(raw)
        except json.JSONDecodeError as e:
            self.err(where, f"JSON does not parse: {e}")
            return
        if not isinstance(rec, dict):
            self.err(where, "line is not a JSON object")
            return
        for k in ("id", "published", "source", "text", "exhaustive", "events"):
            if k not in rec:
                self.err(where, f"missing required key {k!r}")
        if "text_file" in rec:
            self.err(where, "team gold uses inline 'text', never 'text_file'")
        extra = set(rec) - TOP_KEYS
        if extra:
            self.err(where, f"unknown keys {sorted(extra)}")
        rid = rec.get("id")
        if isinstance(rid, str):
            where = f"{fname}:{lineno} [{rid}]"
            if rid in self.ids:
                self.err(where, f"duplicate id (also in {self.ids[rid]})")
            self.ids[rid] = f"{fname}:{lineno}"
        else:
            self.err(where, "id must be a string")
        published = None
        pub = rec.get("published")
        if isinstance(pub, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", pub):
            try:
                published = date.fromisoformat(pub)
            except ValueError:
                self.err(where, f"published {pub!r} is not a calendar date")
        else:
            self.err(where, f"published {pub!r} must be YYYY-MM-DD")
        if published:
            if not 2003 <= published.year <= 2026:
                self.err(where, f"published year {published.year} outside 2003..2026")
            self.years[published.year] += 1
        if not isinstance(rec.get("source"), str) or not rec.get("source"):
            self.err(where, "source must be a non-empty string")
        text = rec.get("text")
        if not isinstance(text, str) or not text.strip():
            self.err(where, "text must be a non-empty string")
            return
        if not isinstance(rec.get("exhaustive"), bool):
            self.err(where, "exhaustive must be true or false")
        self.passages += 1
        exhaustive = rec.get("exhaustive") is True
        self.exhaustive += exhaustive
        if text == text.lower():
            self.lowercase += 1
        if any(c in text for c in "“”‘’"):
            self.curly += 1
        dl_end, dl_place = dateline(text)
        if dl_place and re.match(r"^[A-Z][A-Z' .\-]+ \([^)]+\) -", text):
            self.bare_dateline += 1

        sents = sentences(text)
        lo, hi = SENTENCES_EXHAUSTIVE if exhaustive else SENTENCES_ALL
        if not lo <= len(sents) <= hi:
            self.err(where, f"{len(sents)} sentences; {'exhaustive ' if exhaustive else ''}passages need {lo}..{hi}")

        # events
        events = rec.get("events")
        if not isinstance(events, list):
            self.err(where, "events must be a list")
            events = []
        asserted_sentences: set[int] = set()
        event_places: list[str] = []
        for n, ev in enumerate(events):
            ew = f"{where} event {n}"
            if not isinstance(ev, dict):
                self.err(ew, "event must be an object")
                continue
            self.events += 1
            extra = set(ev) - EVENT_KEYS
            if extra:
                self.err(ew, f"unknown event keys {sorted(extra)}")
            evid = ev.get("evidence")
            sidx = None
            if not isinstance(evid, str) or not evid:
                self.err(ew, "evidence is required")
            elif evid not in text:
                self.err(ew, f"evidence not a verbatim substring: {evid!r}")
            else:
                sidx = in_one_sentence(text, evid, sents)
                if sidx is None:
                    self.err(ew, f"evidence crosses a sentence boundary or the dateline: {evid!r}")
            if "category" in ev:
                cats = as_list(ev["category"])
                if not cats:
                    self.err(ew, "empty category list")
                for c in cats:
                    if c not in PLOVER:
                        self.err(ew, f"category {c!r} is not a PLOVER category")
                    else:
                        self.cat_any[c] += 1
                if cats and cats[0] in PLOVER:
                    self.cat_first[cats[0]] += 1
            if "acled" in ev:
                a = ev["acled"]
                if a not in ACLED_VALID:
                    self.err(ew, f"acled {a!r} is not an ACLED event type or 'Type/Sub-event type'")
                else:
                    self.acled[a] += 1
            mods = as_list(ev["modality"]) if "modality" in ev else []
            for m in mods:
                if m not in MODALITIES:
                    self.err(ew, f"modality {m!r} not among {MODALITIES}")
                else:
                    self.modality[m] += 1
            if sidx is not None and (not mods or "asserted" in mods):
                asserted_sentences.add(sidx)
            for role in ("actor", "recipient"):
                if role in ev:
                    self.entity(f"{ew} {role}", ev[role])
                    nm = ev[role].get("name") if isinstance(ev[role], dict) else None
                    if isinstance(nm, str) and norm(nm) not in norm(text):
                        self.warn(f"{ew} {role}", f"name {nm!r} does not occur in the text")
            if "location" in ev:
                self.location(f"{ew} location", ev["location"])
                names = [loc["name"] for loc in as_list(ev["location"])
                         if isinstance(loc, dict) and isinstance(loc.get("name"), str)]
                event_places += names
                # A list means "any of": one alternative named in the text is enough.
                if names and not any(norm(n) in norm(text) for n in names):
                    self.warn(f"{ew} location", f"no place of {names!r} occurs in the text")
            if "date" in ev:
                self.gold_date(f"{ew} date", ev["date"], published, ev.get("modality"))
            for k in COUNTS:
                if k in ev and not (isinstance(ev[k], int) and not isinstance(ev[k], bool) and ev[k] >= 0):
                    self.err(ew, f"{k} must be a non-negative integer")

        # quotes
        quotes = rec.get("quotes", [])
        if not isinstance(quotes, list):
            self.err(where, "quotes must be a list")
            quotes = []
        for n, q in enumerate(quotes):
            qw = f"{where} quote {n}"
            if not isinstance(q, dict) or not isinstance(q.get("speaker"), str) or not isinstance(q.get("contains"), str):
                self.err(qw, "quote needs string 'speaker' and 'contains'")
                continue
            if set(q) - {"speaker", "contains"}:
                self.err(qw, f"unknown quote keys {sorted(set(q) - {'speaker', 'contains'})}")
            self.quotes += 1
            if q["contains"] not in text:
                self.err(qw, f"contains not a verbatim substring: {q['contains']!r}")
            elif in_one_sentence(text, q["contains"], sents) is None:
                self.err(qw, f"contains crosses a sentence boundary: {q['contains']!r}")
            speaker_words = norm(q["speaker"]).split()
            if speaker_words and not any(w in norm(text).split() for w in speaker_words):
                self.err(qw, f"speaker {q['speaker']!r} is not named in the text")

        # traps
        traps = rec.get("traps", [])
        if not isinstance(traps, list):
            self.err(where, "traps must be a list")
            traps = []
        norm_places = {norm(p) for p in event_places}
        for n, t in enumerate(traps):
            tw = f"{where} trap {n}"
            if not isinstance(t, dict):
                self.err(tw, "trap must be an object")
                continue
            if "no_event_location" in t:
                if set(t) != {"no_event_location"} or not isinstance(t["no_event_location"], str):
                    self.err(tw, "a location trap is exactly {\"no_event_location\": \"Place\"}")
                    continue
                self.traps["no_event_location"] += 1
                place = t["no_event_location"]
                if norm(place) not in norm(text):
                    self.err(tw, f"trap place {place!r} does not occur in the text")
                if norm(place) in norm_places:
                    self.err(tw, f"a gold event is located at the trap place {place!r}")
            elif "evidence" in t:
                if t.get("no_asserted_event") is not True or set(t) != {"evidence", "no_asserted_event"}:
                    self.err(tw, "an evidence trap is exactly {\"evidence\": ..., \"no_asserted_event\": true}")
                    continue
                self.traps["no_asserted_event"] += 1
                evid = t["evidence"]
                if evid not in text:
                    self.err(tw, f"trap evidence not a verbatim substring: {evid!r}")
                    continue
                k = in_one_sentence(text, evid, sents)
                if k is None:
                    self.err(tw, f"trap evidence crosses a sentence boundary: {evid!r}")
                elif k in asserted_sentences:
                    self.err(tw, f"sentence of trap {evid!r} holds an asserted (or unmarked) gold event")
            else:
                self.err(tw, "trap needs 'evidence' + 'no_asserted_event' or 'no_event_location'")

    # --- coverage -----------------------------------------------------------------------
    def report(self, coverage: bool = True) -> bool:
        for w in self.warnings:
            print(f"warning: {w}")
        for e in self.errors:
            print(f"ERROR: {e}")
        print()
        print(f"passages: {self.passages}   exhaustive: {self.exhaustive}   events: {self.events}   "
              f"quotes: {self.quotes}   distinct years: {len(self.years)} "
              f"({min(self.years, default='-')}..{max(self.years, default='-')})")
        print("\nPLOVER category       first-listed  any-of")
        unmet: list[str] = []
        for c in PLOVER:
            print(f"  {c:<20} {self.cat_first[c]:>6} {self.cat_any[c]:>7}")
            if self.cat_first[c] < MIN_PER_CATEGORY:
                unmet.append(f"category {c}: {self.cat_first[c]} < {MIN_PER_CATEGORY} (first-listed)")
        print("\nACLED sub-event type                                             count")
        for a in ACLED_SUB:
            print(f"  {a:<62} {self.acled[a]:>4}")
            if self.acled[a] < MIN_PER_ACLED_SUB:
                unmet.append(f"ACLED {a}: {self.acled[a]} < {MIN_PER_ACLED_SUB}")
        for t in ACLED:
            if self.acled[t]:
                print(f"  {t + ' (type only)':<62} {self.acled[t]:>4}")
        print("\nmodality: " + ", ".join(f"{m} {self.modality[m]}" for m in MODALITIES))
        for m in MODALITIES:
            if not self.modality[m]:
                unmet.append(f"modality {m} never used")
        print(f"traps: no_asserted_event {self.traps['no_asserted_event']}, "
              f"no_event_location {self.traps['no_event_location']}")
        print(f"robustness: all-lowercase {self.lowercase}, curly quotes {self.curly}, "
              f"bare CITY (Source) - dateline {self.bare_dateline}")
        checks = [
            (self.passages >= MIN_PASSAGES, f"passages {self.passages} < {MIN_PASSAGES}"),
            (self.exhaustive >= MIN_EXHAUSTIVE, f"exhaustive {self.exhaustive} < {MIN_EXHAUSTIVE}"),
            (self.traps["no_asserted_event"] >= MIN_NO_ASSERTED_TRAPS,
             f"no_asserted_event traps {self.traps['no_asserted_event']} < {MIN_NO_ASSERTED_TRAPS}"),
            (self.traps["no_event_location"] >= MIN_NO_LOCATION_TRAPS,
             f"no_event_location traps {self.traps['no_event_location']} < {MIN_NO_LOCATION_TRAPS}"),
            (self.quotes >= MIN_QUOTES, f"quotes {self.quotes} < {MIN_QUOTES}"),
            (len(self.years) >= MIN_DISTINCT_YEARS, f"distinct years {len(self.years)} < {MIN_DISTINCT_YEARS}"),
            (self.lowercase >= 1, "no all-lowercase passage"),
            (self.curly >= 1, "no passage with curly quotes"),
            (self.bare_dateline >= 1, "no passage with a bare 'CITY (Source) -' dateline"),
        ]
        unmet += [msg for ok, msg in checks if not ok]
        if not coverage:
            unmet = []
        print()
        for u in unmet:
            print(f"UNMET: {u}")
        ok = not self.errors and not unmet
        print(f"{'OK' if ok else 'FAILED'}: {len(self.errors)} errors, {len(unmet)} unmet requirements, "
              f"{len(self.warnings)} warnings")
        return ok


def main(argv: list[str]) -> int:
    here = Path(__file__).resolve().parent
    coverage = "--no-coverage" not in argv
    targets = [Path(a) for a in argv if a != "--no-coverage"] or [here / "gold"]
    files: list[Path] = []
    for t in targets:
        files += sorted(t.glob("*.jsonl")) if t.is_dir() else [t]
    if not files:
        print("no gold files found", file=sys.stderr)
        return 1
    ch = Checker()
    for f in files:
        try:
            lines = f.read_text(encoding="utf-8").splitlines()
        except OSError as e:
            ch.err(str(f), f"unreadable: {e}")
            continue
        for i, raw in enumerate(lines, 1):
            if raw.strip():
                ch.line(f.name, i, raw)
    return 0 if ch.report(coverage) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
