#!/usr/bin/env python3
"""Score a system's CoNLL-U against this treebank. Standard library only.

    score.py GOLD.conllu SYSTEM.conllu [GOLD2.conllu SYSTEM2.conllu ...]

Sentences are matched by `# sent_id` (or by position when the system has none) and must have
the same FORMs. Prints tag accuracy (XPOS), UAS and LAS over all tokens and without
punctuation (gold DEPREL punct), per pair of files and in total. LAS needs the head and the
label right; the root counts as right when the system's root token is the gold root (HEAD 0;
the label is then ROOT on both sides).
"""
import sys


def read(path):
    sents, cur, sid = [], [], None
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("# sent_id = "):
            sid = line[len("# sent_id = "):]
        elif line.startswith("#"):
            continue
        elif not line.strip():
            if cur:
                sents.append((sid, cur))
            cur, sid = [], None
        else:
            c = line.split("\t")
            cur.append((c[1], c[4], int(c[6]), c[7]))
    if cur:
        sents.append((sid, cur))
    return sents


def score(gold_path, sys_path):
    gold, syst = read(gold_path), read(sys_path)
    by_id = {sid: toks for sid, toks in syst if sid is not None}
    c = dict(n=0, tag=0, uas=0, las=0, np=0, uas_np=0, las_np=0, sents=0, exact=0)
    for i, (sid, g) in enumerate(gold):
        s = by_id.get(sid) if by_id else (syst[i][1] if i < len(syst) else None)
        if s is None:
            raise SystemExit(f"{sys_path}: no sentence {sid}")
        if [t[0] for t in g] != [t[0] for t in s]:
            raise SystemExit(f"{sys_path} ({sid}): FORMs differ from the gold")
        c["sents"] += 1
        all_right = True
        for (form, gx, gh, gd), (_, sx, sh, sd) in zip(g, s):
            u = gh == sh
            lab = u and gd == sd
            c["n"] += 1
            c["tag"] += gx == sx
            c["uas"] += u
            c["las"] += lab
            all_right &= lab
            if gd != "punct":
                c["np"] += 1
                c["uas_np"] += u
                c["las_np"] += lab
        c["exact"] += all_right
    return c


def line(name, c):
    p = lambda a, b: 100.0 * a / b if b else 0.0
    return (f"{name:<14} {c['sents']:>4} sents {c['n']:>5} tokens | tag {p(c['tag'], c['n']):5.1f} | "
            f"UAS {p(c['uas'], c['n']):5.1f} LAS {p(c['las'], c['n']):5.1f} | "
            f"no punct: UAS {p(c['uas_np'], c['np']):5.1f} LAS {p(c['las_np'], c['np']):5.1f} | "
            f"exact trees {p(c['exact'], c['sents']):5.1f}")


def main():
    args = sys.argv[1:]
    if not args or len(args) % 2:
        raise SystemExit(__doc__)
    total = None
    for gold_path, sys_path in zip(args[0::2], args[1::2]):
        c = score(gold_path, sys_path)
        print(line(gold_path.rsplit("/", 1)[-1], c))
        total = c if total is None else {k: total[k] + c[k] for k in c}
    if len(args) > 2:
        print(line("total", total))


if __name__ == "__main__":
    main()
