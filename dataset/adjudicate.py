"""Adjudicate two independent annotation passes into the gold.

    python -m dataset.adjudicate diff NAME [--all]   # disagreements, sentence by sentence
    python -m dataset.adjudicate merge NAME          # write annotations/NAME.ann
    python -m dataset.adjudicate merge --check       # every gold file equals its merge

The gold of a document is the set of annotations both passes agree on
(``passes/a`` and ``passes/b``), changed by the adjudicator's decisions in
``passes/decisions/NAME.txt``, one per line, each with a ``#`` reason::

    add-ent TYPE START END               # a mention
    drop-ent TYPE START END
    add-rel TYPE HEAD_TYPE HS HE TAIL_TYPE TS TE
    drop-rel TYPE HEAD_TYPE HS HE TAIL_TYPE TS TE

A disputed item that no decision adds is left out. Releases after 1.0.0
revise that merge (``revisions/VERSION/NAME.txt``, :mod:`dataset.revisions`),
and the gold is the merge with every release applied. Merging rewrites ids in
text order, so the gold file is a pure function of the two passes, the
decisions and the revisions, and reviewing the gold means reading those files.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dataset.agreement import entity_keys, relation_keys
from dataset.sources import ANNOTATIONS_DIR, DATASET_DIR, doc_ids, load_document
from harness.io.brat import format_ann
from harness.core.errors import InputError, Problem
from harness.core.schema import load_schema
from harness.gold.validate import GoldDocument

PASSES_DIR = DATASET_DIR / "passes"
DECISIONS_DIR = PASSES_DIR / "decisions"

EntityKey = tuple[int, int, str]
RelationKey = tuple[EntityKey, EntityKey, str]


def load_passes(doc_id: str, passes_dir: Path = PASSES_DIR) -> tuple[GoldDocument, GoldDocument]:
    """The two validated passes of a document."""
    return tuple(load_document(doc_id, ann_path=passes_dir / p / f"{doc_id}.ann") for p in "ab")


def _entity(fields: list[str]) -> EntityKey:
    typ, start, end = fields
    return (int(start), int(end), typ)


def read_decisions(content: str, path: str) -> list[tuple[str, EntityKey | RelationKey]]:
    """Parse a decisions file into (operation, key) pairs.

    Raises:
        InputError: naming the line of each malformed decision.
    """
    out, problems = [], []
    for lineno, line in enumerate(content.splitlines(), start=1):
        words = line.split("#", 1)[0].split()
        if not words:
            continue
        op, args = words[0], words[1:]
        try:
            if op in ("add-ent", "drop-ent") and len(args) == 3:
                out.append((op, _entity(args)))
            elif op in ("add-rel", "drop-rel") and len(args) == 7:
                out.append((op, (_entity(args[1:4]), _entity(args[4:7]), args[0])))
            else:
                raise ValueError
        except ValueError:
            problems.append(
                Problem(path, lineno, None, "decision",
                        "'add-ent|drop-ent TYPE START END' or 'add-rel|drop-rel TYPE HT HS HE TT TS TE'", line)
            )
    if problems:
        raise InputError(problems)
    return out


def merge(a: GoldDocument, b: GoldDocument, decisions, revisions=()) -> str:
    """The gold ``.ann`` text: agreed annotations changed by the decisions, then by a release's revisions."""
    from dataset.revisions import apply

    schema = load_schema()
    entities = entity_keys(a) & entity_keys(b)
    relations = relation_keys(a) & relation_keys(b)
    for op, key in decisions:
        target = entities if op.endswith("-ent") else relations
        if op.startswith("add"):
            target.add(key)
        else:
            target.discard(key)
    apply(entities, relations, list(revisions))
    ordered = sorted(entities, key=lambda k: (k[0], -k[1], k[2]))
    ids = {k: f"T{i}" for i, k in enumerate(ordered, start=1)}
    rels = []
    for n, (head, tail, typ) in enumerate(
        sorted(relations, key=lambda r: (min(r[0][0], r[1][0]), r[0], r[1], r[2])), start=1
    ):
        if schema.relation(typ).symmetric:
            head, tail = sorted((head, tail))
        missing = [k for k in (head, tail) if k not in ids]
        if missing:
            raise InputError(
                Problem(a.doc_id, None, None, "decision", f"both arguments of {typ} kept", f"dropped {missing[0]}")
            )
        rels.append((f"R{n}", typ, ids[head], ids[tail]))
    return format_ann([(ids[k], k[2], k[0], k[1], a.text[k[0]:k[1]]) for k in ordered], rels)


def merged_text(doc_id: str, version: str | None = None) -> str:
    """Merge a document from its committed passes and decisions, with every release's revisions up to
    ``version`` (default: the newest) applied."""
    from dataset.revisions import revisions_upto

    path = DECISIONS_DIR / f"{doc_id}.txt"
    content = path.read_text(encoding="utf-8") if path.exists() else ""
    a, b = load_passes(doc_id)
    return merge(a, b, read_decisions(content, str(path)), revisions_upto(doc_id, version))


def render_diff(doc_id: str, show_all: bool = False) -> str:
    """The passes side by side, per sentence: '=' agreed, 'A'/'B' one pass only."""
    a, b = load_passes(doc_id)
    text = a.text
    sent_a = {(e.start, e.end, e.type): e.sentence for e in a.entities}
    sent_b = {(e.start, e.end, e.type): e.sentence for e in b.entities}
    sentence_of = {**sent_a, **sent_b}
    ea, eb, ra, rb = entity_keys(a), entity_keys(b), relation_keys(a), relation_keys(b)

    def ent(k: EntityKey) -> str:
        return f"{k[2]} {k[0]} {k[1]}  {text[k[0]:k[1]]}"

    def rel(k: RelationKey) -> str:
        return f"{k[2]} {ent(k[0])}  ->  {ent(k[1])}"

    out = []
    for i, s in enumerate(a.sentences):
        groups = [
            (mark, fmt, sorted(k for k in keys if sentence_of[k if fmt is ent else k[0]] == i))
            for mark, fmt, keys in (
                ("=", ent, ea & eb), ("A", ent, ea - eb), ("B", ent, eb - ea),
                ("=", rel, ra & rb), ("A", rel, ra - rb), ("B", rel, rb - ra),
            )
        ]
        disputed = any(items for mark, _, items in groups if mark != "=")
        if not (disputed or show_all):
            continue
        out.append(f"\n## sentence {i} [{s.zone}] {text[s.start:s.end]}")
        for mark, fmt, items in groups:
            out += [f"  {mark} {'R ' if fmt is rel else ''}{fmt(k)}" for k in items]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("diff", help="show the passes' disagreements")
    d.add_argument("name")
    d.add_argument("--all", action="store_true", help="show agreed sentences too")
    m = sub.add_parser("merge", help="write the gold from the passes and decisions")
    m.add_argument("name", nargs="?", help="one document (default: all)")
    m.add_argument("--check", action="store_true", help="only check that the gold equals the merge")
    args = parser.parse_args(argv)
    try:
        if args.command == "diff":
            print(render_diff(args.name, args.all), end="")
            return 0
        stale = []
        for doc_id in [args.name] if args.name else doc_ids():
            text = merged_text(doc_id)
            gold = ANNOTATIONS_DIR / f"{doc_id}.ann"
            if args.check:
                if not gold.exists() or gold.read_text(encoding="utf-8") != text:
                    stale.append(doc_id)
            else:
                gold.write_text(text, encoding="utf-8")
                print(f"wrote {gold.relative_to(DATASET_DIR.parent)}")
        if stale:
            print(f"gold differs from the merge of passes and decisions: {', '.join(stale)}", file=sys.stderr)
            return 1
    except InputError as err:
        print(err, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
