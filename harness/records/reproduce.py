"""Every committed number, checked again: baselines re-run, submissions re-scored.

``evaluate reproduce`` re-runs each registered baseline that runs offline on
CPU with its record's own settings (and, for a corpus record, its own corpus
file), scores each submission's predictions again, and compares every number.
"""

from __future__ import annotations

import dataclasses as dc
from collections.abc import Sequence
from pathlib import Path

from harness.core.errors import InputError, Problem, did_you_mean
from harness.records.results import ResultRecord, read_record
from harness.records.score import Options, system_record

SAME, DIFFERENT, FAILED, SKIPPED = "same", "DIFFERENT", "FAILED", "skipped"


def numbers_of(record: ResultRecord) -> dict:
    """Everything a record measured (not when, where or by which command)."""

    def plain(score):
        return dc.asdict(score) if score is not None else None

    return {
        "overall": {z: {v: plain(s) for v, s in views.items()} for z, views in record.overall.items()},
        "macro": {z: {v: plain(s) for v, s in views.items()} for z, views in record.macro.items()},
        "per_type": {z: {v: {t: plain(s) for t, s in types.items()} for v, types in views.items()}
                     for z, views in record.per_type.items()},
        "per_document": {z: {d: {v: plain(s) for v, s in views.items()} for d, views in docs.items()}
                         for z, docs in record.per_document.items()},
        "units": record.units.to_dict(),
        "dataset": record.provenance.dataset_checksum,
    }


def _as_of(record: ResultRecord, older: ResultRecord) -> dict:
    """The numbers of ``record`` that a first-format record ``older`` could hold: its views, no
    per-document scores (which that format did not have)."""
    numbers = numbers_of(record)
    keep = set(older.views)
    for part in ("overall", "macro", "per_type"):
        numbers[part] = {z: {v: s for v, s in views.items() if v in keep} for z, views in numbers[part].items()}
    numbers["units"]["counts"] = {v: c for v, c in numbers["units"]["counts"].items() if v in keep}
    numbers["per_document"] = {}
    return numbers


def differences(a: ResultRecord, b: ResultRecord) -> str:
    """What differs between two records' numbers, each part and view named once ('' when equal).

    A record of the first format (before per-document scores and ``ner_wojood``) is compared on
    what it holds, so that its numbers are still checked."""
    from harness.records.results import RECORD_FORMAT

    x = numbers_of(a)
    y = numbers_of(b) if a.format == RECORD_FORMAT else _as_of(b, a)
    parts = [k for k in x if x[k] != y[k]]
    if not parts:
        return ""
    views = sorted({v for z in set(x["overall"]) | set(y["overall"])
                    for v in set(x["overall"].get(z, {})) | set(y["overall"].get(z, {}))
                    if x["overall"].get(z, {}).get(v) != y["overall"].get(z, {}).get(v)})
    return f"{', '.join(parts)} differ; views: {', '.join(views) or 'none (counts per unit only)'}"


def installed_checksum() -> str:
    """The checksum of the benchmark gold this installation holds."""
    from harness.gold.data import dataset_checksum, dataset_dir, verify_checksums

    return dataset_checksum(verify_checksums(dataset_dir()))


def verification(record: ResultRecord, installed: str | None = None) -> str:
    """How the leaderboard's number is checked: 're-run', 'not re-run' (needs weights), 'not verified', or
    'other gold' (a baseline's record scored on a gold this installation does not hold)."""
    from harness.systems.registry import registry

    reg = registry()
    if record.name not in reg.names() or record.system.get("kind") == "submitted predictions":
        return "not verified"
    if not record.provenance.gold_source and \
            record.provenance.dataset_checksum != (installed or installed_checksum()):
        return "other gold"
    try:
        return "re-run" if reg.info(record.name).reproducible else "not re-run"
    except InputError:
        return "not verified"


def _options(record: ResultRecord) -> Options:
    return Options.of_record(record)


def _gold_of(record: ResultRecord):
    """The gold a record was scored on, or a sentence saying why it cannot be had here."""
    from harness.gold.source import benchmark, corpus
    from harness.io.labelmap import load_label_map

    source = record.provenance.gold_source
    if not source:
        gold = benchmark()
        if gold.checksum != record.provenance.dataset_checksum:
            return None, (f"it was scored on gold {record.provenance.dataset_version or '?'} (checksum "
                          f"{(record.provenance.dataset_checksum or '?')[:12]}), and this installation holds gold "
                          f"{gold.version} ({gold.checksum[:12]}); run the system again to score it on {gold.version}")
        return gold, ""
    path = Path(source["path"])
    if not path.is_file():
        return None, f"its corpus file {path} is not here"
    label = record.provenance.label_map_source
    label_map = load_label_map(None if label == "identity" else label)
    gold = corpus(path, source["format"], source["scheme"], label_map)
    if gold.checksum != record.provenance.dataset_checksum:
        return None, (f"its corpus file {path} changed since (sha256 {gold.checksum[:12]}, record "
                      f"{(record.provenance.dataset_checksum or '?')[:12]})")
    return gold, ""


def _rerun(record: ResultRecord, path: Path) -> tuple[str, str, str]:
    from harness.systems.registry import registry

    reg = registry()
    if record.name not in reg.names() or not reg.info(record.name).reproducible:
        return record.name, SKIPPED, "not a baseline that runs offline on CPU"
    gold, why = _gold_of(record)
    if gold is None:
        return record.name, SKIPPED, f"cannot re-run: {why}"
    try:
        again, _ = system_record(record.name, gold, options=_options(record),
                                 system_args=record.system.get("system_args"))
    except InputError as err:  # a system that cannot run again here (a missing cache, an unreachable server)
        return record.name, FAILED, f"{path}: " + "; ".join(str(p) for p in err.problems[:3])
    diff = differences(record, again)
    return (record.name, DIFFERENT, f"{path}: {diff}") if diff else (record.name, SAME, str(path))


def reproduce(results_dir, names: Sequence[str] | None = None,
              submissions_dir=None) -> list[tuple[str, str, str]]:
    """Re-run every reproducible baseline with a record, and re-score every submission; compare every number.

    Returns:
        ``(name, status, detail)`` per record: 'same', 'DIFFERENT', 'FAILED' (a submission whose
        predictions are missing or changed) or 'skipped' (with the reason).

    Raises:
        InputError: for a name that is neither a record nor a submission.
    """
    from harness.records.submissions import read_submission, rescore, submission_folders

    if not Path(results_dir).is_dir() and not (submissions_dir is not None and Path(submissions_dir).is_dir()):
        raise InputError(Problem(str(results_dir), None, None, "--results-dir", "a folder of result records",
                                 "<missing>", "or a --submissions-dir that exists"))
    records = [(p, read_record(p)) for p in sorted(Path(results_dir).glob("*.json"))]
    subs, broken = [], []
    for folder in submission_folders(Path(submissions_dir)) if submissions_dir is not None else []:
        try:
            subs.append(read_submission(folder))
        except InputError as err:  # a submission that is not one fails; the others are still checked
            broken.append((folder.name, FAILED, "; ".join(str(p) for p in err.problems[:5])))
    known = [r.name for _, r in records] + [s.meta["name"] for s in subs] + [b[0] for b in broken]
    unknown = [n for n in names or () if n not in known]
    if unknown:
        raise InputError([Problem("<reproduce>", None, None, "name", f"a record in {results_dir}"
                                  + (f" or a submission in {submissions_dir}" if submissions_dir else ""), n,
                                  did_you_mean(n, known) or f"known: {', '.join(sorted(known)) or 'none'}")
                          for n in unknown])
    out = []
    for path, record in records:
        if not names or record.name in names:
            out.append(_rerun(record, path))
    out += [b for b in broken if not names or b[0] in names]
    for sub in subs:
        if names and sub.meta["name"] not in names:
            continue
        try:
            again = rescore(sub)
        except InputError as err:
            out.append((sub.meta["name"], FAILED, "; ".join(str(p) for p in err.problems)))
            continue
        diff = differences(sub.record, again)
        out.append((sub.meta["name"], DIFFERENT, f"{sub.folder}: {diff}") if diff
                   else (sub.meta["name"], SAME, f"{sub.folder} (re-scored)"))
    return out
