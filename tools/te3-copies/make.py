#!/usr/bin/env python3
"""Writes copies of a folder of TimeML gold files for checking `rashomon-lab eval timex --system`
on files laid out as TempEval-3 system files are (docs/RESULTS.md, "system files as TE3 writes
them"):

  OUT/gold-te3/   the gold annotation, converted: CRLF line ends, no <DOCID> or <TITLE>
                  element, no blank lines between the header elements;
  OUT/sys-plain/  a degraded "system" annotation in the gold layout: every 7th TIMEX3 of <TEXT>
                  dropped, every 7th (from the 3rd) given a wrong value, every 11th (from the
                  5th) a wrong type, every 5th (from the 2nd) of several words shortened by its
                  first word;
  OUT/sys-te3/    sys-plain, converted as gold-te3.

Usage: make.py GOLD_DIR OUT_DIR
"""
import os
import re
import sys

TIMEX = re.compile(r'<TIMEX3([^>]*)>([^<]*)</TIMEX3>')


def degrade(text):
    n = 0

    def one(m):
        nonlocal n
        n += 1
        attrs, words = m.group(1), m.group(2)
        if n % 7 == 0:
            return words
        if n % 7 == 3:
            attrs = re.sub(r'value="[^"]*"', 'value="XXXX"', attrs)
        if n % 11 == 5:
            attrs = re.sub(r'type="[^"]*"', 'type="SET"', attrs)
        first, _, rest = words.partition(' ')
        if n % 5 == 2 and rest:
            return f'{first} <TIMEX3{attrs}>{rest}</TIMEX3>'
        return f'<TIMEX3{attrs}>{words}</TIMEX3>'

    return TIMEX.sub(one, text)


def te3_layout(tml):
    at = tml.index('<TEXT>')
    head = re.sub(r'<DOCID>.*?</DOCID>|<TITLE>.*?</TITLE>', '', tml[:at], flags=re.S)
    head = re.sub(r'\n\s*\n', '\n', head)
    return (head + tml[at:]).replace('\r\n', '\n').replace('\n', '\r\n')


def main(gold, out):
    for root, _, files in os.walk(gold):
        for name in sorted(files):
            if not name.endswith('.tml'):
                continue
            path = os.path.join(root, name)
            rel = os.path.relpath(path, gold)
            with open(path, encoding='utf-8', newline='') as f:
                tml = f.read()
            start, end = tml.index('<TEXT>'), tml.index('</TEXT>')
            system = tml[:start] + degrade(tml[start:end]) + tml[end:]
            for folder, text in (
                ('gold-te3', te3_layout(tml)),
                ('sys-plain', system),
                ('sys-te3', te3_layout(system)),
            ):
                target = os.path.join(out, folder, rel)
                os.makedirs(os.path.dirname(target), exist_ok=True)
                with open(target, 'w', encoding='utf-8', newline='') as f:
                    f.write(text)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
