#!/usr/bin/env python3
"""Sort every gold toponym of the geoparsing dev sets (TR-News, GeoVirus) into error classes.

Reads the outputs that `../shared/dev/score BIN --save DIR` keeps (DIR/geo-trnews.jsonl and
DIR/geo-geovirus.jsonl) and the gold from ../shared/dev (set SITREP_SHARED to the shared folder
to read it elsewhere). A gold toponym is matched exactly as score_geo.py's score() does: the
predicted place whose span overlaps it most; correct when it lies within 161 km of the gold point.
Every gold toponym then falls into the first class that fits, in this order:

  correct              the best-overlapping place lies within 161 km
  missed-facility      no overlapping place; the gold phrase ends in a street/building/facility head
                       word (FACILITY_HEADS below: "Washington Square", "Gatwick Airport")
  missed               no overlapping place otherwise
  fragment             the place found does not cover the whole gold phrase ("Washington" in
                       "Washington Square", "Carolina Highway" in "North Carolina Highway Patrol"), or
                       it is a local place and the text right after it goes on with a capitalised
                       word that continues the name ("Vienna" in "Vienna/Fairfax-GMU Metro")
  unresolved-region    overlapping place without coordinates, and the gold phrase is a continent,
                       ocean, sea or large region (REGION_NAMES, WATER_HEADS below)
  unresolved           overlapping place without coordinates otherwise
  country-admin1-point the place is a country or admin1 unit (sitrep puts these on one point), or
                       a demonym/adjective use ("French" -> France), and wrong
  continent-region     the place is a region/continent/water feature, or the gold phrase is a
                       continent/ocean/large-region name, and wrong
  abroad               a local place (city, district, airport ...) 1,000 km or more from the gold point
  wrong-nearby         a local place 161-1,000 km from the gold point

Gold offsets a few characters off the gold phrase (all of GeoVirus is one character late) are
realigned onto the phrase for the fragment test and the examples only; the matching itself uses
the offsets as score_geo does. The Acc@161 over all gold toponyms (share of `correct`) is checked
against score_geo.py's own figure on the same outputs (assertion).

usage: python3 eval/geo/errors.py DIR [--set trnews|geovirus|all] [--json] [--examples CLASS]
"""
import argparse, collections, json, os, re, signal, sys
from types import SimpleNamespace

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SHARED = os.environ.get("SITREP_SHARED") or os.path.join(REPO, "..", "shared")
LIB = os.path.join(SHARED, "dev", "lib")

CLASSES = ["correct", "missed-facility", "missed", "fragment", "unresolved-region", "unresolved",
           "country-admin1-point", "continent-region", "abroad", "wrong-nearby"]
SETS = ["trnews", "geovirus"]
NEAR_KM, FAR_KM = 161.0, 1000.0

# Head words (last word of the gold phrase, case-insensitive, trailing dot dropped) that make a
# phrase a street, building or facility: names a city/country gazetteer cannot hold.
FACILITY_HEADS = {
    # streets and open spaces
    "street", "st", "road", "rd", "avenue", "ave", "boulevard", "blvd", "lane", "drive", "way",
    "highway", "motorway", "freeway", "square", "plaza", "circle", "bridge", "tunnel", "park",
    "garden", "gardens", "cemetery", "memorial", "monument", "promenade",
    # transport
    "airport", "airfield", "airbase", "station", "terminal", "port", "harbour", "harbor", "pier",
    "wharf", "dock", "docks", "metro", "junction", "crossing", "checkpoint",
    # buildings and institutions
    "hospital", "clinic", "university", "college", "school", "academy", "institute", "campus",
    "church", "cathedral", "chapel", "mosque", "temple", "synagogue", "shrine", "monastery",
    "stadium", "arena", "hotel", "mall", "centre", "center", "hall", "tower", "towers", "palace",
    "castle", "fort", "building", "house", "court", "embassy", "consulate", "museum", "library",
    "theatre", "theater", "club", "office", "headquarters", "complex", "compound", "market",
    "bazaar", "factory", "plant", "refinery", "mine", "dam", "canal", "zoo", "base", "camp",
    "barracks", "prison", "jail", "quarter", "gate", "estate", "field", "pentagon",
}

# Continents, oceans and large regions, lower-case, without a leading "the".
REGION_NAMES = {
    "europe", "asia", "africa", "america", "americas", "the americas", "north america",
    "south america", "latin america", "central america", "oceania", "australasia", "antarctica",
    "antarctic", "arctic", "eurasia", "pacific", "atlantic", "indian ocean", "pacific ocean",
    "atlantic ocean", "arctic ocean", "southern ocean", "mediterranean", "middle east", "mideast",
    "near east", "far east", "balkans", "the balkans", "caribbean", "caucasus", "north caucasus",
    "south caucasus", "sahel", "sahara", "maghreb", "levant", "scandinavia", "nordic", "baltics",
    "baltic", "gulf", "persian gulf", "arabian gulf", "horn of africa", "west africa", "east africa",
    "north africa", "southern africa", "south africa region", "central africa", "sub-saharan africa",
    "southeast asia", "south-east asia", "south asia", "central asia", "east asia", "north asia",
    "western asia", "asia pacific", "asia-pacific", "western europe", "eastern europe",
    "central europe", "northern europe", "southern europe", "west", "the west", "east", "siberia",
    "patagonia", "amazon", "amazonia", "himalayas", "himalaya", "alps", "andes", "arabian peninsula",
    "korean peninsula", "indochina", "subcontinent", "indian subcontinent", "midwest",
    "middle-east", "south pacific", "north atlantic", "polynesia",
    "melanesia", "micronesia", "new england", "pacific northwest", "great lakes",
}
# Last words that make a phrase a body of water (counted with the regions).
WATER_HEADS = {"ocean", "sea", "gulf", "bay", "strait", "straits", "channel", "river", "lake",
               "lakes", "coast", "peninsula", "mountains", "desert", "basin", "delta", "islands"}
REGION_FEATURES = {"region", "continent", "water", "ocean", "sea", "lake", "river", "mountain"}
POINT_FEATURES = {"country", "admin1"}

# A capitalised word after a place that does not continue its name: weekdays, months, function
# words, and the titles that follow a place name in news ("Ohio Governor", "Paris Mayor").
NOT_CONTINUATION = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "the", "a", "an", "and", "or", "but", "in", "on", "at", "of", "to",
    "for", "from", "with", "by", "as", "i", "he", "she", "it", "we", "they", "this", "that",
    "his", "her", "its", "their", "our", "mr", "mrs", "ms", "dr", "president", "president-elect",
    "vice", "prime", "minister", "secretary", "gov", "governor", "lt", "senator", "sen", "rep",
    "representative", "congressman", "congresswoman", "mayor", "premier", "chancellor", "king",
    "queen", "prince", "chief", "judge", "attorney", "general", "gen", "officials", "police",
}
# Between a place and the word that continues its name: one space, or a hyphen or slash.
CONTINUATION = re.compile(r"(?:[ \t]|[ \t]?[/-][ \t]?)([A-Z][\w'’.-]*)")


def load_lib():
    if not os.path.isdir(LIB):
        sys.exit(f"no shared dev scorers at {LIB} (set SITREP_SHARED to the shared folder)")
    sys.path.insert(0, LIB)
    import score_geo, evallib  # noqa: E402
    return score_geo, evallib


def norm_phrase(phrase):
    p = " ".join(phrase.split()).strip(" .,;:'\"").lower()
    return p[4:] if p.startswith("the ") else p


def is_region_phrase(phrase):
    p = norm_phrase(phrase)
    if p in REGION_NAMES:
        return True
    words = p.split()
    return len(words) > 1 and words[-1] in WATER_HEADS


def is_facility_phrase(phrase):
    words = norm_phrase(phrase).split()
    return bool(words) and words[-1].rstrip(".") in FACILITY_HEADS


def continues_name(text, place, end):
    """The capitalised word after a predicted place that continues its name ("Vienna/Fairfax-GMU
    Metro", "Cannes Film Festival"), or None. Only for local places: a country, admin1 unit or
    adjective before a noun ("French Foreign Ministry", "German Embassy") still names the
    country, so its error is the point, not the span. Datelines in capitals are skipped."""
    if (place.get("feature") or "").lower() in POINT_FEATURES or place.get("use") in ("adjective", "demonym"):
        return None
    if (place.get("text") or "").isupper():
        return None
    m = CONTINUATION.match(text, end)
    if not m:
        return None
    word = m.group(1)
    return None if word.rstrip(".").lower() in NOT_CONTINUATION else word


def realign(text, s, e, phrase, slack=10):
    """The gold span moved onto the gold phrase when the phrase sits a few characters off it
    (GeoVirus offsets are one character late throughout, some TR-News ones too)."""
    if text[s:e] == phrase or not phrase:
        return s, e
    lo = max(0, s - slack)
    hits = [lo + m.start() for m in re.finditer(re.escape(phrase), text[lo:e + slack])]
    if not hits:
        return s, e
    a = min(hits, key=lambda h: abs(h - s))
    return a, a + len(phrase)


def classify(gold_item, text, places, ev):
    """(class, best place or None, distance km or None). The best place is chosen on the gold
    offsets exactly as score_geo does; the fragment test uses the realigned gold span."""
    i, s, e, lat, lon, phrase = gold_item
    best = max(places, key=lambda sp: ev.overlap(sp[0], (s, e)), default=None)
    if not best or ev.overlap(best[0], (s, e)) == 0:
        return ("missed-facility" if is_facility_phrase(phrase) else "missed"), None, None
    (ps, pe), p = best
    plat, plon = ev.number(p.get("lat")), ev.number(p.get("lon"))
    d = ev.km(lat, lon, plat, plon) if plat is not None and plon is not None else None
    if d is not None and d <= NEAR_KM:
        return "correct", best, d
    s, e = realign(text, s, e, phrase)
    if not (ps <= s and e <= pe) or continues_name(text, p, pe):
        return "fragment", best, d
    if d is None:
        return ("unresolved-region" if is_region_phrase(phrase) else "unresolved"), best, d
    feature = (p.get("feature") or "").lower()
    if feature in POINT_FEATURES or p.get("use") in ("adjective", "demonym"):
        return "country-admin1-point", best, d
    if feature in REGION_FEATURES or is_region_phrase(phrase):
        return "continent-region", best, d
    return ("abroad" if d >= FAR_KM else "wrong-nearby"), best, d


def analyse(name, outdir, score_geo, ev):
    path = os.path.join(outdir, f"geo-{name}.jsonl")
    if not os.path.exists(path):
        sys.exit(f"no {path}: run ../shared/dev/score BIN --save {outdir}")
    arts, gold = score_geo.load(os.path.join(score_geo.GOLD, score_geo.SETS[name]), name)
    outs = ev.outputs(SimpleNamespace(predictions=path, save=None), arts)
    places = [[(ev.span(p), p) for p in ev.objs(o, "places") if ev.span(p)] for o in outs]
    rows = []
    for g in gold:
        cls, best, d = classify(g, arts[g[0]]["text"], places[g[0]], ev)
        rows.append({"set": name, "gold": g, "class": cls, "place": best[1] if best else None,
                     "pspan": best[0] if best else None, "km": d, "text": arts[g[0]]["text"],
                     "article": arts[g[0]]["id"]})
    ref = score_geo.score(arts, gold, outs)["acc161_all"]
    mine = sum(r["class"] == "correct" for r in rows) / len(rows) if rows else 0.0
    assert abs(mine - ref) < 1e-12, f"{name}: Acc@161 {mine} here but {ref} in score_geo"
    return rows


def summary(rows):
    n = len(rows)
    out = {"gold": n, "acc161_all": sum(r["class"] == "correct" for r in rows) / n if n else 0.0,
           "classes": {}}
    for c in CLASSES:
        sel = [r for r in rows if r["class"] == c]
        top = collections.Counter(" ".join(r["gold"][5].split()) for r in sel).most_common(8)
        out["classes"][c] = {"count": len(sel), "share": len(sel) / n if n else 0.0,
                             "top": [[p, k] for p, k in top]}
    return out


def print_table(name, s):
    print(f"== {name}: {s['gold']} gold toponyms, Acc@161 all {s['acc161_all']:.3f} (= score_geo)")
    print(f"{'class':21} {'count':>5} {'share':>6}  most frequent gold phrases")
    for c in CLASSES:
        k = s["classes"][c]
        top = ", ".join(f"{p} {m}" for p, m in k["top"])
        print(f"{c:21} {k['count']:5} {k['share']:6.1%}  {top}")
    print()


def print_examples(rows, cls):
    sel = [r for r in rows if r["class"] == cls]
    print(f"== {cls}: {len(sel)} examples")
    for r in sel:
        _, s, e, lat, lon, phrase = r["gold"]
        t = r["text"]
        s, e = realign(t, s, e, phrase)
        ctx = (t[max(0, s - 60):s] + "[[" + t[s:e] + "]]" + t[e:e + 60]).replace("\n", " ")
        p = r["place"]
        if p is None:
            pred = "no place"
        else:
            km = "unresolved" if r["km"] is None else f"{r['km']:.0f} km"
            pred = (f"pred {p.get('text')!r} [{r['pspan'][0]},{r['pspan'][1]}) -> {p.get('name')} "
                    f"({p.get('feature')}, {p.get('country')}, use {p.get('use')}) {km}")
        print(f"{r['article']} gold {phrase!r} ({lat:.2f},{lon:.2f}) | {pred}\n    …{ctx}…")


def main():
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # quiet when piped into head
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dir", help="folder of saved outputs (../shared/dev/score BIN --save DIR)")
    ap.add_argument("--set", default="all", choices=SETS + ["all"])
    ap.add_argument("--json", action="store_true", help="print a machine-readable summary")
    ap.add_argument("--examples", metavar="CLASS", choices=CLASSES,
                    help="print every toponym of CLASS with its context, prediction and distance")
    args = ap.parse_args()
    score_geo, ev = load_lib()
    names = SETS if args.set == "all" else [args.set]
    rows = {name: analyse(name, args.dir, score_geo, ev) for name in names}
    if args.examples:
        for name in names:
            print_examples(rows[name], args.examples)
        return
    sums = {name: summary(r) for name, r in rows.items()}
    if len(names) > 1:
        sums["all"] = summary([r for name in names for r in rows[name]])
    if args.json:
        print(json.dumps(sums, ensure_ascii=False, indent=1))
        return
    for name, s in sums.items():
        print_table(name, s)


if __name__ == "__main__":
    main()
