#!/usr/bin/env python3
"""What the geocoder does with ordinary news: sitrep over the BBC corpus (../shared/corpora/bbc.jsonl,
2,225 articles from 2004-05, no gold), counting the resolutions that are wrong on their face.

  function words   resolved places whose text is a pronoun, function word or a single character
                   (FUNCTION_WORDS below: "We" -> Vietnam, "No" -> Ghana). Acceptance: zero.
  home nations     how each mention of England, Scotland, Wales and Northern Ireland in the
                   text resolves, by country ("USA", "no place", "IRL as 'Ireland'" when the
                   place found is only part of the name). Acceptance: all GBR.
  given names      resolved places whose text is a given name of data/lexicon/names.toml
                   ("Paul", "Mary"), and the subset followed by a capitalised word (a surname:
                   "Paul Smith").
  totals           place mentions, resolved places, and how many are event locations
                   (events[].location spans).

usage: python3 eval/geo/bbc_places.py [--sitrep BIN | --outputs FILE] [--corpus FILE]
                                      [--names FILE] [--save FILE] [--examples N] [--json]

The corpus is read from ../shared/corpora/bbc.jsonl beside the project (SITREP_SHARED overrides
the shared folder); its text stays there. The binary defaults to target/release/sitrep of this
project, else `sitrep` on PATH; --outputs reads precomputed `sitrep extract --format jsonl`
output of the corpus instead (one object per article, matched by article id).
"""
import argparse, collections, json, os, re, signal, shutil, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SHARED = os.environ.get("SITREP_SHARED") or os.path.join(REPO, "..", "shared")
CORPUS = os.path.join(SHARED, "corpora", "bbc.jsonl")
NAMES = os.path.join(REPO, "data", "lexicon", "names.toml")

# Pronouns, determiners, prepositions, conjunctions and short verbs that are never a place in
# running text, in sentence-initial capitalisation. A text matches when it equals one of them or
# is its lower-case form; all-capital forms are left alone (US, IN, OR, ME are real abbreviations).
# Any text of one character matches too ("D" -> a US place).
FUNCTION_WORDS = {
    "We", "I", "It", "No", "A", "An", "The", "He", "She", "They", "You", "In", "On", "At", "As",
    "So", "But", "And", "If", "Or", "Of", "To", "Is", "Be", "Do", "Go", "Me", "My", "Us", "Our",
    "Her", "His", "Him", "Its", "Their", "Them", "This", "That", "These", "Those", "There",
    "Here", "What", "Who", "When", "Where", "Why", "How", "Yes", "Not", "Nor", "Yet", "For",
    "By", "Up", "Am", "Are", "Was", "Has", "Had", "Can", "Did", "All", "Any", "Ma", "Mr", "Mrs",
    "Ms", "Dr", "Oh", "Ok", "OK", "D",
}
HOME_NATIONS = ["England", "Scotland", "Wales", "Northern Ireland"]
# Each mention of a home nation in the text (not "New England", "New South Wales"), whatever sitrep made of it.
NATION_RE = re.compile(r"(?<!New )(?<!New South )\b(?:England|Scotland|Wales|Northern Ireland)\b")
# For testing only, when data/lexicon/names.toml is absent: common given names in English-language
# news, including some that are also places (Victoria, Jordan, Florence, Chelsea, Charlotte).
FALLBACK_GIVEN = [
    "John", "David", "Michael", "James", "Robert", "Paul", "Peter", "Mark", "Richard", "Tony",
    "Gordon", "Charles", "George", "William", "Thomas", "Andrew", "Steve", "Steven", "Chris",
    "Tom", "Jack", "Mary", "Sarah", "Jane", "Elizabeth", "Anne", "Victoria", "Sophie", "Kate",
    "Emma", "Lucy", "Helen", "Alan", "Ian", "Kevin", "Martin", "Simon", "Jonathan", "Henry",
    "Edward", "Harry", "Bill", "Bob", "Jim", "Frank", "Patrick", "Brian", "Jordan", "Charlotte",
    "Florence", "Chelsea", "Carlos", "Maria", "Francis", "Jamie", "Lewis",
]
NEXT_WORD = re.compile(r"[ \t]+([A-Z][\w'’-]*)")


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def parse_given(path):
    """The `given = [...]` array of a TOML file (tomllib when there is one, else a small reader)."""
    with open(path, "rb") as f:
        raw = f.read()
    try:
        import tomllib
        return list(tomllib.loads(raw.decode("utf-8")).get("given", []))
    except ImportError:
        m = re.search(r"(?ms)^\s*given\s*=\s*\[(.*?)\]", raw.decode("utf-8"))
        return re.findall(r'"((?:[^"\\]|\\.)*)"', re.sub(r"#[^\n]*", "", m.group(1))) if m else []


def run_sitrep(binary, corpus):
    r = subprocess.run([binary, "extract", "--format", "jsonl", "--input", "jsonl", corpus],
                       capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"{binary} exited {r.returncode}: {r.stderr.strip()[-300:]}")
    return [json.loads(line) for line in r.stdout.splitlines() if line.strip()]


def default_binary():
    b = os.path.join(REPO, "target", "release", "sitrep")
    return b if os.access(b, os.X_OK) else shutil.which("sitrep")


def is_function_word(text):
    return len(text) == 1 or text in FUNCTION_WORDS or (text.islower() and text.capitalize() in FUNCTION_WORDS)


def context(text, s, e, width=40):
    return (text[max(0, s - width):s] + "[[" + text[s:e] + "]]" + text[e:e + width]).replace("\n", " ")


def spread(examples):
    """Examples reordered so that each distinct text comes once before any comes twice."""
    seen, first, rest = set(), [], []
    for x in examples:
        (rest if x[0] in seen else first).append(x)
        seen.add(x[0])
    return first + rest


def analyse(articles, outs, given):
    texts = {a["id"]: a.get("text", "") for a in articles}
    total = resolved = event_locs = places_at_events = resolved_at_events = misaligned = 0
    fw, fw_examples, fw_events = collections.Counter(), [], 0
    nations = {n: collections.Counter() for n in HOME_NATIONS}
    names, surnamed, name_examples, name_events = collections.Counter(), collections.Counter(), [], 0
    for o in outs:
        text = texts.get((o.get("article") or {}).get("id"), "")
        locs = {tuple(ev["location"]["span"]) for ev in o.get("events") or []
                if isinstance(ev.get("location"), dict) and ev["location"].get("span")}
        event_locs += sum(1 for ev in o.get("events") or [] if isinstance(ev.get("location"), dict))
        for p in o.get("places") or []:
            total += 1
            s, e = p["span"]
            t = p.get("text") or ""
            misaligned += text[s:e] != t
            at_event = (s, e) in locs
            places_at_events += at_event
            if not p.get("resolved"):
                continue
            resolved += 1
            resolved_at_events += at_event
            if is_function_word(t):
                fw[(t, p.get("country"))] += 1
                fw_events += at_event
                fw_examples.append((t, p.get("name"), p.get("country"), context(text, s, e)))
            if t in given:
                names[t] += 1
                name_events += at_event
                m = NEXT_WORD.match(text, e)
                if m:
                    surnamed[t] += 1
                name_examples.append((t, p.get("name"), p.get("country"), context(text, s, e)))
        for m in NATION_RE.finditer(text):  # every mention in the text, found or not
            over = [p for p in o.get("places") or [] if p["span"][0] < m.end() and p["span"][1] > m.start()]
            if not over:
                key = "no place"
            else:
                p = over[0]
                key = (p.get("country") or "none") if p.get("resolved") else "unresolved"
                if p.get("text") != m.group(0):
                    key += f" as {p.get('text')!r}"
            nations[m.group(0)][key] += 1
    return {
        "articles": len(outs), "place_mentions": total, "resolved": resolved,
        "event_locations": event_locs, "place_mentions_at_event_locations": places_at_events,
        "resolved_at_event_locations": resolved_at_events,
        "function_words": {"count": sum(fw.values()), "at_event_locations": fw_events,
                           "by_text_country": [[t, c, n] for (t, c), n in fw.most_common()]},
        "home_nations": {n: dict(c.most_common()) for n, c in nations.items()},
        "home_nations_other_country": sum(n for c in nations.values() for k, n in c.items()
                                          if not k.startswith(("GBR", "no place", "unresolved"))),
        "home_nations_no_place_or_unresolved": sum(n for c in nations.values() for k, n in c.items()
                                                   if k.startswith(("no place", "unresolved"))),
        "given_names": {"count": sum(names.values()), "at_event_locations": name_events,
                        "top": names.most_common(20), "followed_by_capitalised": sum(surnamed.values()),
                        "followed_by_capitalised_top": surnamed.most_common(20)},
        "misaligned_spans": misaligned,
    }, spread(fw_examples), spread(name_examples)


def main():
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # quiet when piped into head
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sitrep", help="the sitrep binary (default: target/release/sitrep, else sitrep on PATH)")
    ap.add_argument("--outputs", help="precomputed sitrep outputs of the corpus (JSON Lines)")
    ap.add_argument("--corpus", default=CORPUS, help="the BBC corpus (JSON Lines with id and text)")
    ap.add_argument("--names", default=NAMES, help="TOML file with a `given = [...]` list")
    ap.add_argument("--save", help="also write the sitrep outputs to this JSON Lines file")
    ap.add_argument("--examples", type=int, default=10, metavar="N", help="examples per list (default 10)")
    ap.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = ap.parse_args()
    if not os.path.exists(args.corpus):
        sys.exit(f"no corpus at {args.corpus} (set SITREP_SHARED or --corpus)")
    articles = read_jsonl(args.corpus)
    if args.outputs:
        outs = read_jsonl(args.outputs)
    else:
        binary = args.sitrep or default_binary()
        if not binary:
            sys.exit("no sitrep binary: build with cargo build --release, or give --sitrep / --outputs")
        outs = run_sitrep(binary, args.corpus)
    if args.save:
        with open(args.save, "w", encoding="utf-8") as f:
            for o in outs:
                f.write(json.dumps(o, ensure_ascii=False) + "\n")
    if os.path.exists(args.names):
        given, names_from = set(parse_given(args.names)), args.names
    else:
        given, names_from = set(FALLBACK_GIVEN), f"built-in list of {len(FALLBACK_GIVEN)} (no {args.names})"
    summary, fw_ex, name_ex = analyse(articles, outs, given)
    summary["given_names_from"] = names_from
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=1))
        return
    s = summary
    print(f"== BBC: {s['articles']} articles, {s['place_mentions']} place mentions, {s['resolved']} resolved; "
          f"{s['event_locations']} event locations, {s['place_mentions_at_event_locations']} place mentions "
          f"at an event location ({s['resolved_at_event_locations']} resolved)")
    if s["misaligned_spans"]:
        print(f"warning: {s['misaligned_spans']} place spans do not match their text in the corpus")
    f = s["function_words"]
    print(f"\n== resolved function words and single characters: {f['count']} "
          f"({f['at_event_locations']} at event locations; acceptance 0)")
    for t, c, n in f["by_text_country"]:
        print(f"  {t!r:8} -> {c or '-':4} {n:5}")
    for t, name, c, ctx in fw_ex[: args.examples]:
        print(f"    {t} -> {name} ({c}): …{ctx}…")
    print("\n== home nations, each mention by resolved country (acceptance: all GBR): "
          f"{s['home_nations_other_country']} resolved to another country, "
          f"{s['home_nations_no_place_or_unresolved']} not found or unresolved")
    for n, c in s["home_nations"].items():
        print(f"  {n:17} {sum(c.values()):5}  " + ", ".join(f"{k} {v}" for k, v in c.items()))
    g = s["given_names"]
    print(f"\n== given names resolved as places ({names_from}): {g['count']} "
          f"({g['at_event_locations']} at event locations); followed by a capitalised word: "
          f"{g['followed_by_capitalised']}")
    print("  top: " + ", ".join(f"{t} {n}" for t, n in g["top"]))
    print("  followed by a capitalised word: " + ", ".join(f"{t} {n}" for t, n in g["followed_by_capitalised_top"]))
    for t, name, c, ctx in name_ex[: args.examples]:
        print(f"    {t} -> {name} ({c}): …{ctx}…")


if __name__ == "__main__":
    main()
