#!/usr/bin/env python3
"""Writes the full-size hostile inputs of issue 18 into a folder (standard library only).

    python3 tools/hostile/generate.py OUT_DIR [--small]

Inputs (issue 18 item numbers in brackets):
  warc-gzip-bomb.warc        [1] a ~270 KB WARC whose response body inflates to 268 MB (gzip)
  para-1mb.txt ... 60mb      [2] news prose without a line break: 1, 2, 50 and 60 MB
  warc-image-first.warc      [4] an image record, an image served as text/html and a gzip
                                 body in the first 8 KB, then pages
  warc-image-first.bin       [4] the same file under a name that says nothing (format sniffed)
  nested-divs.html           [6] 100,000 nested <div>s around one paragraph (1.1 MB)
  charset-utf16.html         [8] an ASCII page declaring <meta charset=utf-16>
  charset-iso-2022-kr.html   [8] a page declaring iso-2022-kr (the WHATWG replacement encoding)
  cjk-1mb.txt                     a megabyte of Chinese without an ASCII full stop
  metadata-years.jsonl       [10] published -0001, 9999 and a number

--small writes the same inputs at a hundredth of the size (a smoke test of the script).
The text is generated from a fixed seed, so every run writes the same bytes.
"""

import gzip
import json
import os
import random
import sys
import zlib

SUBJECTS = [
    "The Russian defence ministry", "A coalition spokesman", "Talal Silo", "The SDF",
    "Officials in Raqqa", "He", "She", "The mayor of Aleppo", "A source in the ministry",
    "Reuters", "The United Nations", "Local residents",
]
CUES = ["said", "told reporters", "denied", "claimed", "confirmed", "warned", "added",
        "said on Friday"]
CONTENTS = [
    "that the convoy left the city on October 14",
    "that no deal had been struck with the militants",
    "the fighting would continue until the end of the month",
    "that buses carried 250 fighters toward Deir ez-Zor",
    "the corridor was opened last week in Syria",
    "that talks in Damascus and Moscow had failed",
    "that 3,000 civilians fled to Turkey on Tuesday",
]


def prose(size, seed):
    """About `size` bytes of news prose in one line: reported speech, quotations, dates."""
    rng = random.Random(seed)
    parts, n = [], 0
    while n < size:
        r = rng.random()
        if r < 0.4:
            s = f"{rng.choice(SUBJECTS)} {rng.choice(CUES)} {rng.choice(CONTENTS)}."
        elif r < 0.7:
            s = (f"\"{rng.choice(CONTENTS).capitalize()},\" "
                 f"{rng.choice(SUBJECTS).lower()} {rng.choice(CUES)}.")
        else:
            s = (f"According to {rng.choice(SUBJECTS).lower()}, {rng.choice(CONTENTS)} "
                 f"in Raqqa, Mosul and Homs on {rng.randint(1, 28)} May 2017.")
        parts.append(s)
        n += len(s) + 1
    return " ".join(parts)


def warc_record(url, http_headers, body):
    http = f"HTTP/1.1 200 OK\r\n{http_headers}\r\n".encode() + body
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        f"WARC-Target-URI: {url}\r\nWARC-Date: 2017-10-14T10:00:00Z\r\n"
        f"WARC-Record-ID: <urn:uuid:{zlib.crc32(url.encode()):012d}>\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http)}\r\n\r\n"
    ).encode()
    return head + http + b"\r\n\r\n"


def article(n):
    return (
        f"<html><head><title>Report {n}</title>"
        "<meta property=\"article:published_time\" content=\"2017-10-14T09:30:00Z\"></head>"
        f"<body><article><p>{prose(1500, n)}</p><p>{prose(800, n + 100)}</p></article>"
        "</body></html>"
    ).encode()


def gzip_of_spaces(size):
    """gzip of an HTML page of `size` bytes, nearly all spaces, made a megabyte at a time."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    out = [comp.compress(b"<html><head><title>Bomb</title></head><body><p>")]
    chunk = b" " * (1 << 20)
    left = size - 100
    while left > 0:
        piece = chunk if left >= len(chunk) else chunk[:left]
        out.append(comp.compress(piece))
        left -= len(piece)
    out.append(comp.compress(b"</p></body></html>"))
    out.append(comp.flush())
    return b"".join(out)


PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"
       + bytes(range(256)) * 8)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 1:
        sys.exit(__doc__)
    scale = 100 if "--small" in sys.argv else 1
    out = args[0]
    os.makedirs(out, exist_ok=True)

    def write(name, data):
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)

    # [1] 268 MB of page behind ~270 KB of gzip.
    bomb = warc_record("https://example.org/bomb",
                       "Content-Type: text/html; charset=utf-8\r\nContent-Encoding: gzip\r\n",
                       gzip_of_spaces(268_000_000 // scale))
    bomb += warc_record("https://example.org/after", "Content-Type: text/html\r\n", article(1))
    write("warc-gzip-bomb.warc", bomb)

    # [2] Paragraphs without line breaks.
    for mb in (1, 2, 50, 60):
        text = prose(mb * 1_000_000 // scale, mb)
        write(f"para-{mb}mb.txt", (f"A page of {mb} MB\n" + text + "\n").encode())

    # [4] Binary records in the first 8 KB of a WARC.
    w = warc_record("https://example.org/logo.png", "Content-Type: image/png\r\n", PNG)
    w += warc_record("https://example.org/odd.html", "Content-Type: text/html\r\n", PNG)
    w += warc_record("https://example.org/zipped",
                     "Content-Type: text/html; charset=utf-8\r\nContent-Encoding: gzip\r\n",
                     gzip.compress(article(2), mtime=0))
    for n in range(3, 6):
        w += warc_record(f"https://example.org/{n}", "Content-Type: text/html\r\n", article(n))
    write("warc-image-first.warc", w)
    write("warc-image-first.bin", w)

    # [6] 100,000 nested divs.
    n = 100_000 // scale
    write("nested-divs.html", (
        "<!DOCTYPE html><html><head><title>Nested</title></head><body>"
        + "<div>" * n
        + "<p>The ministry said the convoy left Raqqa on Saturday, and officials confirmed it.</p>"
        + "</div>" * n + "</body></html>").encode())

    # [8] Impossible declared charsets on ASCII pages.
    for name, label in (("charset-utf16.html", "utf-16"),
                        ("charset-iso-2022-kr.html", "iso-2022-kr")):
        write(name, (
            f"<html><head><meta charset=\"{label}\"><title>Buses leave Raqqa</title></head>"
            f"<body><article><p>{prose(2000, 8)}</p></article></body></html>").encode())

    # A Chinese paragraph: no ASCII full stop for a megabyte (a sentence cut used to fall
    # inside a character and stop the whole run; the UTF-16 page above read as UTF-16 did too).
    write("cjk-1mb.txt", ("标题\n" + "叙利亚民主力量说车队离开了拉卡" * (1_000_000 // 45 // scale)
                          + "\n").encode())

    # [10] Metadata years.
    text = prose(400, 10)
    records = [
        {"text": text, "published": "-0001-01-01"},
        {"text": text + " Again.", "published": "9999-12-31"},
        {"text": text + " Once more.", "published": 20170531},
        {"text": text + " And again.", "published": "2017-05-31"},
    ]
    write("metadata-years.jsonl", "".join(json.dumps(r) + "\n" for r in records).encode())


if __name__ == "__main__":
    main()
