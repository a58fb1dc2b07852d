"""Write the validated gold as Parquet configs, the dataset card and checksums.

Called by ``python -m dataset.build``; everything written is a pure function
of the seeds and annotations, so building twice gives byte-identical files.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from pathlib import Path

import datasets

from dataset.agreement import agreement_rows
from dataset.card import render_card
from dataset.revisions import current_version
from harness.core.atomic import write_atomic
from harness.core.schema import load_schema
from harness.gold.validate import GoldDocument
from harness.core.views import coarse, iob2_labels, outermost, to_iob2

DATASET_DIR = Path(__file__).resolve().parent
CONFIGS = ("documents", "ner", "re")
CHECKSUMS_NAME = "checksums.sha256"


def data_file(config: str) -> str:
    """The Parquet file of a config, relative to the dataset folder."""
    return f"data/{config}/test.parquet"


def _string() -> datasets.Value:
    return datasets.Value("string")


def _int() -> datasets.Value:
    return datasets.Value("int32")


def features(config: str) -> datasets.Features:
    """The Hugging Face features of one config."""
    schema = load_schema()
    entity = {
        "id": _string(), "type": _string(), "start": _int(), "end": _int(), "text": _string(),
    }
    relation = {"id": _string(), "type": _string(), "head": _string(), "tail": _string()}
    common = {"doc_id": _string(), "fold": _int(), "version": _string()}
    if config == "documents":
        return datasets.Features({
            "doc_id": _string(), "source_file": _string(), "fold": _int(), "version": _string(),
            "text": _string(),
            "sentences": datasets.List({
                "start": _int(), "end": _int(), "zone": _string(),
                "token_start": _int(), "token_end": _int(),
            }),
            "tokens": datasets.List({"text": _string(), "start": _int(), "end": _int()}),
            "entities": datasets.List({**entity, "sentence": _int(), "parents": datasets.List(_string())}),
            "relations": datasets.List({**relation, "sentence": _int()}),
        })
    sentence = {
        "id": _string(), **common, "sentence": _int(), "zone": _string(),
        "start": _int(), "end": _int(), "text": _string(),
        "tokens": datasets.List(_string()),
        "token_starts": datasets.List(_int()), "token_ends": datasets.List(_int()),
    }
    if config == "ner":
        return datasets.Features({
            **sentence,
            "ner_tags": datasets.List(datasets.ClassLabel(names=iob2_labels(schema.entity_types))),
            "ner_tags_coarse": datasets.List(datasets.ClassLabel(names=iob2_labels(schema.coarse_types))),
        })
    if config == "re":
        return datasets.Features({
            **sentence,
            "entities": datasets.List({
                **entity, "token_start": _int(), "token_end": _int(), "parents": datasets.List(_string()),
            }),
            "relations": datasets.List(relation),
        })
    raise KeyError(f"unknown config {config!r}; expected one of {CONFIGS}")


def document_rows(docs: Sequence[GoldDocument], version: str | None = None) -> list[dict]:
    """One row per document."""
    version = version or current_version()
    return [
        {
            "doc_id": d.doc_id, "source_file": f"seeds/{d.doc_id}.txt", "fold": fold,
            "version": version, "text": d.text,
            "sentences": [
                {"start": s.start, "end": s.end, "zone": s.zone, "token_start": s.token_start, "token_end": s.token_end}
                for s in d.sentences
            ],
            "tokens": [{"text": t.text, "start": t.start, "end": t.end} for t in d.tokens],
            "entities": [
                {"id": e.id, "type": e.type, "start": e.start, "end": e.end, "text": e.text,
                 "sentence": e.sentence, "parents": list(e.parents)}
                for e in d.entities
            ],
            "relations": [
                {"id": r.id, "type": r.type, "head": r.head, "tail": r.tail, "sentence": r.sentence}
                for r in d.relations
            ],
        }
        for fold, d in enumerate(docs)
    ]


def _sentence_base(d: GoldDocument, fold: int, i: int, version: str) -> dict:
    s = d.sentences[i]
    toks = d.tokens[s.token_start:s.token_end]
    return {
        "id": f"{d.doc_id}-{i:03d}", "doc_id": d.doc_id, "fold": fold, "version": version,
        "sentence": i, "zone": s.zone, "start": s.start, "end": s.end, "text": d.text[s.start:s.end],
        "tokens": [t.text for t in toks],
        "token_starts": [t.start for t in toks], "token_ends": [t.end for t in toks],
    }


def ner_rows(docs: Sequence[GoldDocument], version: str | None = None) -> list[dict]:
    """One row per sentence with IOB2 tags over the outermost mentions."""
    version = version or current_version()
    coarse_map = load_schema().coarse_map
    rows = []
    for fold, d in enumerate(docs):
        for i, s in enumerate(d.sentences):
            toks = d.tokens[s.token_start:s.token_end]
            mentions = [(e.start, e.end, e.type) for e in d.entities if e.sentence == i]
            rows.append({
                **_sentence_base(d, fold, i, version),
                "ner_tags": to_iob2(outermost(mentions), toks),
                "ner_tags_coarse": to_iob2(coarse(mentions, coarse_map), toks),
            })
    return rows


def re_rows(docs: Sequence[GoldDocument], version: str | None = None) -> list[dict]:
    """One row per sentence with its mentions (document offsets) and relations."""
    version = version or current_version()
    rows = []
    for fold, d in enumerate(docs):
        start_index = {t.start: k for k, t in enumerate(d.tokens)}
        end_index = {t.end: k + 1 for k, t in enumerate(d.tokens)}
        for i, _ in enumerate(d.sentences):
            rows.append({
                **_sentence_base(d, fold, i, version),
                "entities": [
                    {"id": e.id, "type": e.type, "start": e.start, "end": e.end, "text": e.text,
                     "token_start": start_index[e.start], "token_end": end_index[e.end],
                     "parents": list(e.parents)}
                    for e in d.entities if e.sentence == i
                ],
                "relations": [
                    {"id": r.id, "type": r.type, "head": r.head, "tail": r.tail}
                    for r in d.relations if r.sentence == i
                ],
            })
    return rows


ROWS = {"documents": document_rows, "ner": ner_rows, "re": re_rows}


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


CHANGES_NAME = "CHANGES.md"


def written_files() -> tuple[str, ...]:
    """Every file the build writes, relative to the dataset folder."""
    return (*(data_file(c) for c in CONFIGS), "README.md", CHECKSUMS_NAME, CHANGES_NAME)


def build(docs: Sequence[GoldDocument], out_dir: Path = DATASET_DIR, passes_dir: Path | None = None,
          version: str | None = None, quiet: bool = False) -> None:
    """Write every config's Parquet file, the card, the checksums file and ``CHANGES.md``.

    Args:
        docs: the validated documents of that version, in id order.
        out_dir: the dataset folder.
        passes_dir: the two annotation passes, for the agreement table
            (defaults to ``out_dir / "passes"``).
        version: the release the rows carry (default: the newest).
        quiet: print nothing.
    """
    from dataset.changes import render_changes

    version = version or current_version()
    datasets.disable_progress_bars()
    lines = []
    for config in CONFIGS:
        path = out_dir / data_file(config)
        ds = datasets.Dataset.from_list(ROWS[config](docs, version), features=features(config))
        buffer = io.BytesIO()
        ds.to_parquet(buffer)
        write_atomic(path, buffer.getvalue())
        lines.append(f"{sha256(path)}  {data_file(config)}\n")
    card = render_card(docs, version, {c: features(c) for c in CONFIGS}, data_file,
                       agreement_rows(docs, passes_dir or out_dir / "passes"))
    write_atomic(out_dir / "README.md", card)
    write_atomic(out_dir / CHECKSUMS_NAME, "".join(lines))
    write_atomic(out_dir / CHANGES_NAME, render_changes(upto=version))
    if not quiet:
        print(f"wrote {', '.join(data_file(c) for c in CONFIGS)}, README.md, {CHECKSUMS_NAME} and {CHANGES_NAME} in {out_dir}")
