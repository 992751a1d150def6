#!/usr/bin/env python3
"""Makes the 1 % of new articles that `rashomon add` is measured with (docs/RESULTS.md, issue 17).

Every 100th article of a generated corpus (`rashomon-lab bench ingest`), in path order, with its
paragraphs shuffled and a third of its digits changed (seeded): new articles that read like the
pile's own, not reprints of them.

    python3 eval/bench/extra_articles.py /work/bench-corpus-400 /tmp/extra
"""
import pathlib
import random
import sys


def main(corpus: str, out: str) -> None:
    rng = random.Random(17)
    files = sorted(p for p in pathlib.Path(corpus).rglob("*.txt"))
    target = pathlib.Path(out)
    target.mkdir(parents=True, exist_ok=True)
    written = 0
    for i, path in enumerate(files[::100]):
        paragraphs = path.read_text(encoding="utf-8").split("\n\n")
        head, body = paragraphs[:1], paragraphs[1:]
        rng.shuffle(body)
        text = "\n\n".join(head + body)
        text = "".join(
            str(rng.randrange(10)) if c.isdigit() and rng.random() < 1 / 3 else c for c in text
        )
        outlet = target / path.relative_to(corpus).parts[0]
        outlet.mkdir(exist_ok=True)
        (outlet / f"extra-{i}.txt").write_text(text, encoding="utf-8")
        written += 1
    print(f"{written} articles written to {target}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
