#!/usr/bin/env python3
"""Lays out the development gold piles from the shared data sets.

    python3 eval/piles/layout.py [DATA] [OUT]

DATA defaults to ../shared/data (beside the project root), OUT to out/piles. For every
eval/piles/<name>/sources.json it writes OUT/<name>/docs/<file> (the articles, as flat files
without any date folder) and copies eval/piles/<name>/gold.json and sources.json (which says
the pile's part, tune or check) to OUT/<name>/, the layout `rashomon-lab eval piles OUT` reads.

sources.json: {"part": "tune" | "check", "about": "...", "docs": [{"file": "01.txt", "from": SRC}]}
where SRC is one of
  {"t17": "bpoil_bbc/InputDocs/2010-06-03/12.htm.txt"}   a Timeline17 article, copied byte for byte
  {"ecbplus": "ECB+/3/3_1ecbplus.xml"}                   an ECB+ document, its tokens joined into text
  {"fnc1_body": 1234}                                    an FNC-1 training body, by Body ID

Only the article texts come from the data sets; the repository holds the gold and these lists.
"""
import csv
import json
import re
import shutil
import sys
import tarfile
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent

NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "'s", "n't", "'re", "'ve", "'ll", "'d", "'m", "''", "'"}
NO_SPACE_AFTER = {"(", "[", "{", "$", "``", "#"}


def join_tokens(tokens):
    """ECB+ keeps PTB-like tokens; join them back into readable text."""
    out = ""
    prev = None
    for tok in tokens:
        if prev is None:
            out = tok
        elif tok in NO_SPACE_BEFORE or tok.lower() in NO_SPACE_BEFORE or prev in NO_SPACE_AFTER:
            out += tok
        else:
            out += " " + tok
        prev = tok
    out = out.replace("``", "\"").replace("''", "\"")
    return out


def ecbplus_text(tar, member):
    root = ET.fromstring(tar.extractfile(member).read())
    sentences = {}
    for t in root.iter("token"):
        sentences.setdefault(int(t.get("sentence")), []).append(t.text or "")
    lines = [join_tokens(sentences[k]) for k in sorted(sentences)]
    # Sentence 0 of ECB+ documents is often the page address; each sentence is kept on its own
    # paragraph, as the corpus gives no paragraph breaks.
    return "\n\n".join(lines) + "\n"


def fnc1_bodies(data):
    path = data / "fnc1" / "train_bodies.csv"
    with open(path, newline="", encoding="utf-8") as f:
        return {int(r["Body ID"]): r["articleBody"] for r in csv.DictReader(f)}


def main():
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data"
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "out" / "piles"
    if not data.is_dir():
        sys.exit(f"error: {data}: no such folder (the shared data sets are needed to lay out the piles)")
    tar = None
    bodies = None
    piles = sorted(p for p in HERE.iterdir() if (p / "sources.json").is_file())
    for pile in piles:
        sources = json.loads((pile / "sources.json").read_text())
        docs = out / pile.name / "docs"
        if docs.exists():
            shutil.rmtree(docs)
        docs.mkdir(parents=True)
        for d in sources["docs"]:
            src = d["from"]
            target = docs / d["file"]
            if "t17" in src:
                shutil.copyfile(data / "t17" / src["t17"], target)
            elif "ecbplus" in src:
                if tar is None:
                    tar = tarfile.open(data / "ecbplus" / "ECBplus_xml.tar.gz")
                target.write_text(ecbplus_text(tar, src["ecbplus"]), encoding="utf-8")
            elif "fnc1_body" in src:
                if bodies is None:
                    bodies = fnc1_bodies(data)
                target.write_text(bodies[int(src["fnc1_body"])].strip() + "\n", encoding="utf-8")
            else:
                sys.exit(f"error: {pile / 'sources.json'}: unknown source {src}")
        shutil.copyfile(pile / "sources.json", out / pile.name / "sources.json")
        gold = pile / "gold.json"
        if gold.is_file():
            shutil.copyfile(gold, out / pile.name / "gold.json")
        print(f"{pile.name}: {len(sources['docs'])} articles ({sources.get('part', '?')})")
    print(f"{len(piles)} piles laid out in {out}")


if __name__ == "__main__":
    main()
