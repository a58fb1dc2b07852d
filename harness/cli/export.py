"""``evaluate export``: the gold or predictions as CoNLL (nested columns) or brat."""

from __future__ import annotations

import argparse
import sys

from harness.cli.command import Command
from harness.cli.common import path_arg
from harness.cli.scoring import PREDICTION_FORMATS
from harness.io.formats import EXPORTS
from harness.io.iob import SCHEMES as TAG_SCHEMES


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", help="'gold', or a predictions file/folder (any format evaluate reads)")
    parser.add_argument("--to", choices=EXPORTS, required=True)
    parser.add_argument("--out", type=path_arg, required=True, help="a file (conll) or a folder (brat)")
    parser.add_argument("--predictions-format", choices=PREDICTION_FORMATS, default="auto")
    parser.add_argument("--label-map", metavar="NAME|FILE.yaml")
    parser.add_argument("--predictions-scheme", choices=tuple(TAG_SCHEMES), default="IOB2",
                        help="the tagging scheme of tags or CoNLL predictions (default IOB2)")
    parser.add_argument("--allow-unaligned", action="store_true",
                        help="keep spans that do not start and end on the canonical tokens")
    parser.add_argument("--allow-missing", action="store_true")
    parser.add_argument("--gold", type=path_arg, metavar="FILE",
                        help="export this corpus file (or predictions against it) instead of the benchmark; its "
                             "sentence ids are the ones predictions for it must use")
    parser.add_argument("--gold-format", choices=("conll", "wojood"), help="with --gold: conll (default) or wojood")
    parser.add_argument("--scheme", choices=("IOB1", "IOB2"), help="with --gold: the corpus's tagging scheme")


def _export(args: argparse.Namespace, argv: list[str]) -> int:
    from harness.cli.common import check_gold_options, load_gold
    from harness.core.atomic import write_atomic
    from harness.io.interchange import to_conll, write_brat
    from harness.io.labelmap import load_label_map
    from harness.io.formats import read_predictions

    from harness.io.paths import check_output, readable

    check_gold_options(args)
    check_output(args.out, "--out", folder=args.to == "brat")
    from harness.io.paths import check_not_input

    check_not_input(args.out, "--out", (None if args.source == "gold" else args.source, args.gold))
    if args.source != "gold":
        args.source = readable(args.source, "predictions", folder=True)
    label_map = load_label_map(args.label_map)
    documents = load_gold(args, label_map).documents
    predictions = None if args.source == "gold" else read_predictions(
        args.source, documents, args.predictions_format, label_map, args.allow_missing,
        args.allow_unaligned, args.predictions_scheme)
    if predictions is not None and args.to == "brat" and not any(p.relations for p in predictions):
        if not args.quiet:
            print(f"{args.source}: no relations to export (its format holds none, or it predicts none); scoring the "
                  "brat folder will report relation views of 0, not absent", file=sys.stderr)
    if args.to == "conll":
        write_atomic(args.out, to_conll(documents, predictions))
    else:
        write_brat(args.out, documents, predictions)
    print(f"wrote {args.out} ({args.to})")
    if args.gold:
        from harness.io.predictions import sentence_id

        last = documents[-1]
        print(f"sentence ids (for tag-line predictions): {sentence_id(documents[0].id, 0)} … "
              f"{sentence_id(last.id, len(last.sentences) - 1)}")
    return 0


EXPORT = Command(
    "export", "export the gold or predictions to CoNLL or brat",
    "Write the gold (or a predictions file) as CoNLL with one IOB2 column per nesting level and '# sent_id' "
    "comments, or as a brat folder (NAME.txt + NAME.ann per document).",
    ("evaluate export gold --to conll --out gold.conll",
     "evaluate export gold --to brat --out gold-brat/",
     "evaluate export predictions.jsonl --to brat --out mine/",
     "evaluate export gold --gold ANERcorp-test.txt --label-map anercorp --to conll --out ids.conll"),
    _configure, _export,
)
