"""Annotation aids: list a seed's sentences and tokens with their offsets.

    python -m dataset.annotate NAME            # every sentence, every token
    python -m dataset.annotate NAME --compact  # sentences only

Each sentence is printed with its index, line number and offsets, then one
``token_index start end text`` row per token, so that a brat ``T`` line can be
written from the offsets of its first and last tokens.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from harness.core.text import split_sentences, tokenize

ROOT = Path(__file__).resolve().parent.parent


def listing(text: str, compact: bool = False) -> str:
    """Render the sentence/token listing of a text."""
    out = []
    tokens = tokenize(text)
    k = 0
    for i, s in enumerate(split_sentences(text)):
        line = text.count("\n", 0, s.start) + 1
        out.append(f"## sentence {i}  line {line}  [{s.start}, {s.end})  {text[s.start:s.end]}")
        while k < len(tokens) and tokens[k].start < s.end:
            if not compact:
                t = tokens[k]
                out.append(f"   {k:4d} {t.start:5d} {t.end:5d}  {t.text}")
            k += 1
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("name", help="seed file stem, e.g. 000_a13afac072b68dd1")
    parser.add_argument("--compact", action="store_true", help="sentences only")
    args = parser.parse_args(argv)
    text = (ROOT / "seeds" / f"{args.name}.txt").read_text(encoding="utf-8")
    print(listing(text, args.compact), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
