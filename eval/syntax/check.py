#!/usr/bin/env python3
"""Check the syntax treebank (news.conllu, lower.conllu). Standard library only.

    check.py [--sitrep PATH_TO_SITREP_BINARY] [FILE.conllu ...]

With no files, checks news.conllu and lower.conllu next to this script. Every sentence must
have `# sent_id` (unique over all files) and `# text`; ten tab-separated columns per token;
IDs 1..n; HEAD in 0..n with exactly one root (HEAD 0, DEPREL ROOT) and no cycles; DEPREL from
spaCy's English label set; XPOS from the Penn tags spaCy's tagger uses; UPOS from the UD set;
MISC `_` or `SpaceAfter=No`; the FORMs with their spacing rebuild `# text` exactly. Sentences
in a file named lower*.conllu must be entirely lower-case.

With --sitrep, each `# text` is also run through `sitrep parse --tokens-only` (every text as
its own paragraph) and must come back as one sentence with the same FORMs and spacing.
Exits 1 on any problem, printing each one.
"""
import argparse
import os
import subprocess
import sys

DEPRELS = set(
    "ROOT acl acomp advcl advmod agent amod appos attr aux auxpass case cc ccomp compound conj "
    "csubj csubjpass dative dep det dobj expl intj mark meta neg nmod npadvmod nsubj nsubjpass "
    "nummod oprd parataxis pcomp pobj poss preconj predet prep prt punct quantmod relcl xcomp".split()
)
XPOS = set(
    "$ '' , -LRB- -RRB- . : ADD AFX CC CD DT EX FW HYPH IN JJ JJR JJS LS MD NFP NN NNP NNPS NNS "
    "PDT POS PRP PRP$ RB RBR RBS RP SYM TO UH VB VBD VBG VBN VBP VBZ WDT WP WP$ WRB XX ``".split()
)
UPOS = set("ADJ ADP ADV AUX CCONJ DET INTJ NOUN NUM PART PRON PROPN PUNCT SCONJ SYM VERB X".split())


def read_conllu(path):
    """Yields (line number, comments dict, token rows) per sentence."""
    sents, comments, rows, start = [], {}, [], None
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip():
                if rows or comments:
                    sents.append((start, comments, rows))
                comments, rows, start = {}, [], None
                continue
            if start is None:
                start = n
            if line.startswith("#"):
                if " = " in line:
                    k, v = line[1:].split(" = ", 1)
                    comments[k.strip()] = v
            else:
                rows.append((n, line.split("\t")))
    if rows or comments:
        sents.append((start, comments, rows))
    return sents


def rebuild(forms, space_after):
    return "".join(f + (" " if sp and i < len(forms) - 1 else "") for i, (f, sp) in enumerate(zip(forms, space_after)))


def check_sentence(path, start, comments, rows, errors):
    where = f"{path}:{start}"
    sid = comments.get("sent_id")
    text = comments.get("text")
    if sid is None:
        errors.append(f"{where}: no # sent_id")
    if text is None:
        errors.append(f"{where}: no # text")
    if not rows:
        errors.append(f"{where}: no tokens")
        return None
    where = f"{path}:{start} ({sid})"
    n = len(rows)
    heads, forms, spaces = [], [], []
    roots = 0
    for i, (ln, cols) in enumerate(rows, 1):
        at = f"{path}:{ln}"
        if len(cols) != 10:
            errors.append(f"{at}: {len(cols)} columns, want 10")
            return None
        tid, form, _lemma, upos, xpos, _feats, head, deprel, _deps, misc = cols
        if tid != str(i):
            errors.append(f"{at}: ID {tid!r}, want {i}")
        if not form or form != form.strip() or " " in form:
            errors.append(f"{at}: bad FORM {form!r}")
        if upos not in UPOS:
            errors.append(f"{at}: UPOS {upos!r} not in the UD set")
        if xpos not in XPOS:
            errors.append(f"{at}: XPOS {xpos!r} not a spaCy Penn tag")
        if deprel not in DEPRELS:
            errors.append(f"{at}: DEPREL {deprel!r} not in spaCy's English label set")
        if misc not in ("_", "SpaceAfter=No"):
            errors.append(f"{at}: MISC {misc!r}, want _ or SpaceAfter=No")
        try:
            h = int(head)
        except ValueError:
            errors.append(f"{at}: HEAD {head!r} not a number")
            h = -1
        if not 0 <= h <= n:
            errors.append(f"{at}: HEAD {h} out of range 0..{n}")
        if h == i:
            errors.append(f"{at}: token is its own head")
        if (h == 0) != (deprel == "ROOT"):
            errors.append(f"{at}: HEAD {h} with DEPREL {deprel} (the root alone has HEAD 0 and ROOT)")
        roots += h == 0
        heads.append(h)
        forms.append(form)
        spaces.append(misc != "SpaceAfter=No")
    if roots != 1:
        errors.append(f"{where}: {roots} roots, want 1")
    for i in range(1, n + 1):
        seen, j = set(), i
        while 0 < j <= n and j not in seen:
            seen.add(j)
            j = heads[j - 1]
        if 0 < j <= n:
            errors.append(f"{where}: cycle through token {i}")
            break
    if text is not None and rebuild(forms, spaces) != text:
        errors.append(f"{where}: FORMs and spacing give {rebuild(forms, spaces)!r}, not the # text")
    if text is not None and os.path.basename(path).startswith("lower") and text != text.lower():
        errors.append(f"{where}: not lower-case")
    return sid, text, forms, spaces


def sitrep_tokens(binary, texts):
    """Each text as its own paragraph; returns one list of (forms, spaces) per sitrep sentence."""
    data = "\n\n".join(texts) + "\n"
    out = subprocess.run([binary, "parse", "--tokens-only", "-"], input=data.encode(), capture_output=True, check=True).stdout.decode()
    sents, cur = [], []
    for line in out.split("\n"):
        if line.startswith("#"):
            continue
        if not line.strip():
            if cur:
                sents.append(cur)
                cur = []
            continue
        cols = line.split("\t")
        cur.append((cols[1], "SpaceAfter=No" not in cols[9]))
    if cur:
        sents.append(cur)
    return sents


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sitrep", help="path to the sitrep binary: also check FORMs against its tokenizer")
    ap.add_argument("files", nargs="*")
    args = ap.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    files = args.files or [os.path.join(here, "news.conllu"), os.path.join(here, "lower.conllu")]
    errors, ids = [], {}
    for path in files:
        checked = []
        for start, comments, rows in read_conllu(path):
            r = check_sentence(path, start, comments, rows, errors)
            if r is None:
                continue
            sid = r[0]
            if sid in ids:
                errors.append(f"{path}:{start}: sent_id {sid} already used at {ids[sid]}")
            ids[sid] = f"{path}:{start}"
            checked.append(r)
        ntok = sum(len(r[2]) for r in checked)
        print(f"{os.path.basename(path)}: {len(checked)} sentences, {ntok} tokens")
        if args.sitrep and checked:
            got = sitrep_tokens(args.sitrep, [r[1] for r in checked])
            if len(got) != len(checked):
                errors.append(f"{path}: sitrep makes {len(got)} sentences of {len(checked)} texts (one text split or merged)")
            else:
                for (sid, text, forms, spaces), toks in zip(checked, got):
                    gf = [f for f, _ in toks]
                    gs = [s for _, s in toks]
                    gs[-1] = spaces[-1]
                    if gf != forms:
                        errors.append(f"{path} ({sid}): FORMs differ from sitrep's tokens: {gf}")
                    elif gs != spaces:
                        errors.append(f"{path} ({sid}): SpaceAfter differs from sitrep's")
    for e in errors:
        print(e, file=sys.stderr)
    if errors:
        print(f"{len(errors)} problem(s)", file=sys.stderr)
        sys.exit(1)
    print("ok" + (" (tokens match sitrep)" if args.sitrep else ""))


if __name__ == "__main__":
    main()
