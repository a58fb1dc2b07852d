"""Submitted systems: verified, not trusted.

A submission is a folder ``submissions/NAME/`` holding

- the predictions file (or brat folder) it was scored from, named in the YAML;
- ``record.json``: the record ``evaluate score`` wrote for it (which stores the
  predictions' SHA-256);
- ``submission.yaml``: who made it and how::

      name: my-system
      authors: A. Author, B. Author
      paper: https://example.org/paper (or "unpublished")
      training_data: what the system learnt from
      saw_gold_texts: false        # were the benchmark's texts seen in training?
      predictions: predictions.jsonl

``evaluate reproduce`` scores the predictions again with the record's own
settings and fails if any number differs, if the predictions are missing, or
if they are not the file the record was scored from.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from harness.core.errors import InputError, Problem
from harness.records.results import ResultRecord, read_record

YAML_NAME = "submission.yaml"
RECORD_NAME = "record.json"
FIELDS = {
    "name": str, "authors": str, "paper": str, "training_data": str, "saw_gold_texts": bool, "predictions": str,
}


@dataclass(frozen=True)
class Submission:
    """One submission folder, read and checked for shape."""

    folder: Path
    meta: dict
    record: ResultRecord

    @property
    def predictions(self) -> Path:
        """The predictions file (or folder) the YAML names."""
        return self.folder / self.meta["predictions"]

    def command(self) -> str:
        """The command that scores it again."""
        return f"evaluate reproduce {self.meta['name']}"


def read_submission(folder: Path) -> Submission:
    """Read ``folder``'s YAML and record.

    Raises:
        InputError: for a missing or malformed YAML or record, naming each field.
    """
    from harness.io.safe_yaml import load_file

    path = folder / YAML_NAME
    meta = load_file(path, f"a {YAML_NAME} describing the submission")
    if not isinstance(meta, dict):
        raise InputError(Problem(str(path), None, None, "submission", "a mapping", f"<{type(meta).__name__}>"))
    problems = []
    for key, kind in FIELDS.items():
        if key not in meta:
            problems.append(Problem(str(path), None, None, key, f"a {kind.__name__} field", "<missing>"))
        elif not isinstance(meta[key], kind):
            problems.append(Problem(str(path), None, None, key, f"a {kind.__name__}", f"<{type(meta[key]).__name__}>"))
    for key in ("predictions", "given_gold"):
        value = meta.get(key)
        if isinstance(value, str) and not (folder / value).resolve().is_relative_to(folder.resolve()):
            problems.append(Problem(str(path), None, None, key, f"a file inside {folder}", value,
                                    "a submission carries its own predictions"))
    if problems:
        raise InputError(problems)
    record = read_record(folder / RECORD_NAME)
    if record.name != meta["name"]:
        raise InputError(Problem(str(folder / RECORD_NAME), None, None, "name", f"{meta['name']!r} (the YAML's name)",
                                 record.name))
    return Submission(folder, meta, record)


def submission_folders(root: Path) -> list[Path]:
    """The submission folders under ``root`` (none if it does not exist), by name."""
    root = Path(root)
    return sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []


def find_submissions(root: Path) -> list[Submission]:
    """Every submission under ``root``, read and checked.

    Raises:
        InputError: for the first folder that is not a valid submission.
    """
    return [read_submission(p) for p in submission_folders(root)]


def rescore(sub: Submission) -> ResultRecord:
    """Score the submission's predictions again with its record's settings.

    Raises:
        InputError: when the predictions are missing, differ from the file the
            record was scored from, or the gold they were scored on is not here.
    """
    from harness.gold.source import benchmark
    from harness.io.digest import file_digest
    from harness.io.formats import FORMATS
    from harness.io.labelmap import load_label_map
    from harness.io.formats import read_predictions
    from harness.records.score import Options, score

    record = sub.record
    inputs = record.provenance.predictions or {}
    path = sub.predictions
    if not path.exists():
        raise InputError(Problem(str(path), None, sub.meta["name"], "predictions", "the predictions file the YAML names",
                                 "<missing>"))
    digest = file_digest(path)
    if digest != inputs.get("sha256"):
        raise InputError(Problem(str(path), None, sub.meta["name"], "sha256",
                                 f"{inputs.get('sha256') or '<none in the record>'} (the file the record was scored "
                                 "from)", digest))
    if record.provenance.gold_source:
        raise InputError(Problem(str(sub.folder), None, sub.meta["name"], "gold",
                                 "a submission scored on the benchmark", "<a corpus record>",
                                 "corpus records are reproduced with their own gold file"))
    gold = benchmark()
    if gold.checksum != record.provenance.dataset_checksum:
        raise InputError(Problem(str(sub.folder), None, sub.meta["name"], "dataset_checksum",
                                 f"{gold.checksum[:16]} (the installed gold)",
                                 str(record.provenance.dataset_checksum)[:16],
                                 f"it was scored on gold {record.provenance.dataset_version or '?'}, not on the "
                                 f"installed gold {gold.version}: score its system's predictions on {gold.version} "
                                 "again"))
    label_source = record.provenance.label_map_source
    label_map = load_label_map(None if label_source == "identity" else label_source)
    fmt = inputs.get("format", "auto")
    predictions = read_predictions(path, gold.documents, fmt, label_map, allow_missing=True,
                                   allow_unaligned=bool(inputs.get("allow_unaligned")),
                                   scheme=inputs.get("scheme", "IOB2"))
    options = Options.of_record(record, label_map)
    given = None
    if "given_gold" in inputs:
        from harness.io.predictions import read_jsonl

        given_path = sub.folder / sub.meta.get("given_gold", Path(inputs["given_gold"]["path"]).name)
        if not given_path.is_file() or file_digest(given_path) != inputs["given_gold"]["sha256"]:
            raise InputError(Problem(str(given_path), None, sub.meta["name"], "given_gold",
                                     "the --given-gold file the record was scored from (name it given_gold: in the "
                                     "YAML)", "<missing>" if not given_path.is_file() else "<a different file>"))
        given = read_jsonl(given_path, gold.documents, label_map, allow_missing=True,
                           allow_unaligned=bool(inputs.get("allow_unaligned")))
    holds = (FORMATS[fmt].holds_relations if fmt in FORMATS else True) or given is not None
    return score(record.name, gold, predictions, given_gold=given, system=record.system, options=options,
                 inputs=inputs, no_relations="" if holds else f"the {fmt} format holds no relations")
