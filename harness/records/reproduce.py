"""Re-running the baselines of committed records and comparing every number."""

from __future__ import annotations

from collections.abc import Sequence

from harness.records.results import ResultRecord
from harness.records.score import Options, system_record
from harness.scoring.suite import ResampleUnit


def numbers_of(record: ResultRecord) -> dict:
    """Everything a record measured (not when, where or by which command)."""
    import dataclasses as dc

    return {
        "overall": {z: {v: dc.asdict(s) for v, s in views.items()} for z, views in record.overall.items()},
        "macro": {z: {v: dc.asdict(s) for v, s in views.items()} for z, views in record.macro.items()},
        "per_type": {z: {v: {t: dc.asdict(s) for t, s in types.items()} for v, types in views.items()}
                     for z, views in record.per_type.items()},
        "units": record.units,
        "dataset": record.provenance.get("dataset_checksum"),
    }


def reproduce(results_dir, names: Sequence[str] | None = None) -> list[tuple[str, str, str]]:
    """Re-run every reproducible baseline with a committed record; compare every number.

    Returns:
        ``(name, status, detail)`` per record: status 'same', 'DIFFERENT' or 'skipped'.
    """
    from pathlib import Path

    from harness.systems.registry import registry
    from harness.records.results import read_record

    reg = registry()
    out = []
    for path in sorted(Path(results_dir).glob("*.json")):
        record = read_record(path)
        if names and record.name not in names:
            continue
        if record.name not in reg.names() or not reg.info(record.name).reproducible:
            out.append((record.name, "skipped", "not a baseline that runs offline on CPU"))
            continue
        options = Options(resamples=record.bootstrap["resamples"], seed=record.bootstrap["seed"],
                          re_unit=ResampleUnit(record.bootstrap["unit"]["re"]),
                          normalized="ner_normalized" in record.views,
                          clitic_tolerant="ner_clitic_tolerant" in record.views)
        again, _ = system_record(record.name, options=options, system_args=record.system.get("system_args"))
        a, b = numbers_of(record), numbers_of(again)
        if a == b:
            out.append((record.name, "same", path.name))
        else:
            diff = [k for k in a if a[k] != b[k]]
            views = sorted(v for z in a["overall"] for v in a["overall"][z]
                           if a["overall"][z][v] != b["overall"].get(z, {}).get(v))
            out.append((record.name, "DIFFERENT", f"{', '.join(diff)}; views {', '.join(views[:5]) or '-'}"))
    return out
