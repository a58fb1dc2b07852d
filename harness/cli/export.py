"""``evaluate export``: the gold or predictions as CoNLL (nested columns) or brat."""

from __future__ import annotations

import argparse
from pathlib import Path

from harness.cli.command import Command
from harness.cli.scoring import PREDICTION_FORMATS


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", help="'gold', or a predictions file/folder (any format evaluate reads)")
    parser.add_argument("--to", choices=("conll", "brat"), required=True)
    parser.add_argument("--out", type=Path, required=True, help="a file (conll) or a folder (brat)")
    parser.add_argument("--predictions-format", choices=PREDICTION_FORMATS, default="auto")
    parser.add_argument("--label-map", metavar="NAME|FILE.yaml")
    parser.add_argument("--allow-missing", action="store_true")


def _export(args: argparse.Namespace, argv: list[str]) -> int:
    from harness.gold.source import benchmark
    from harness.io.atomic import write_atomic
    from harness.io.interchange import to_conll, write_brat
    from harness.io.labelmap import load_label_map
    from harness.io.predictions import read_predictions

    documents = benchmark().documents
    predictions = None if args.source == "gold" else read_predictions(
        args.source, documents, args.predictions_format, load_label_map(args.label_map), args.allow_missing)
    if args.to == "conll":
        write_atomic(args.out, to_conll(documents, predictions))
    else:
        write_brat(args.out, documents, predictions)
    print(f"wrote {args.out} ({args.to})")
    return 0


EXPORT = Command(
    "export", "export the gold or predictions to CoNLL or brat",
    "Write the gold (or a predictions file) as CoNLL with one IOB2 column per nesting level and '# sent_id' "
    "comments, or as a brat folder (NAME.txt + NAME.ann per document).",
    ("evaluate export gold --to conll --out gold.conll",
     "evaluate export gold --to brat --out gold-brat/",
     "evaluate export predictions.jsonl --to brat --out mine/"),
    _configure, _export,
)
