"""``evaluate describe``, ``baselines``, ``views`` and ``dataset path``: what is installed."""

from __future__ import annotations

import argparse
import json

from harness.cli.command import Command


def _describe(args: argparse.Namespace, argv: list[str]) -> int:
    from harness.gold.data import summary

    print(summary())
    return 0


def system_rows() -> list[dict]:
    """Every registered system with what it is, who declares it and whether it is ready here."""
    from harness.core.errors import InputError
    from harness.systems.registry import registry

    reg = registry()
    rows = []
    for name in reg.names():
        entry = reg.entry(name)
        try:
            info = reg.info(name)
        except InputError as err:
            rows.append({"name": name, "kind": "?", "training_data": "?", "ready": False,
                         "status": f"broken: {err.problems[0]}", "fix": "", "description": "",
                         "declared_by": entry.source, "target": entry.target})
            continue
        ready = reg.readiness(name)
        rows.append({"name": name, "kind": info.kind, "training_data": info.training_data, "ready": ready.ready,
                     "status": "ready" if ready.ready else f"not ready: {ready.missing}", "fix": ready.fix,
                     "description": info.description, "declared_by": entry.source, "target": entry.target})
    return rows


def _baselines(args: argparse.Namespace, argv: list[str]) -> int:
    rows = system_rows()
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    head = ("name", "kind", "status")
    width = [max(len(str(r[k])) for r in [dict(zip(head, head))] + rows) for k in head]
    lines = ["  ".join(h.ljust(w) for h, w in zip(head, width)).rstrip()]
    for r in rows:
        lines.append("  ".join(str(r[k]).ljust(w) for k, w in zip(head, width)).rstrip())
        detail = [f"{r['description']}", f"trained on: {r['training_data']}; declared by {r['declared_by']}"]
        if r["fix"]:
            detail.append(f"to make it ready: {r['fix']}")
        lines += [f"    {d}" for d in detail if d]
    print("\n".join(lines))
    return 0


def _configure_baselines(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("table", "json"), default="table")


def view_rows() -> list[dict]:
    """Every declared view, in display order: what it is and whether every run scores it."""
    from harness.scoring.viewspec import VIEWS

    return [{"name": s.name, "family": s.family.value, "label": s.label, "metric": s.metric.name,
             "scored": "always" if s.default else f"with --view {s.name}" + (f" (or {s.flag})" if s.flag else ""),
             "needs": sorted(n.value for n in s.needs), "leaderboard": list(s.leaderboard),
             "parameters": list(s.parameters), "description": s.description} for s in VIEWS]


def _views(args: argparse.Namespace, argv: list[str]) -> int:
    rows = view_rows()
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    width = max(len(r["name"]) for r in rows)
    lines = []
    for r in rows:
        extra = [r["scored"]] + ([f"needs {', '.join(r['needs'])}"] if r["needs"] != ["mentions"] else []) + (
            [f"leaderboard: {', '.join(r['leaderboard'])}"] if r["leaderboard"] else []) + (
            [f"parameters: {', '.join(r['parameters'])}"] if r["parameters"] else [])
        lines.append(f"{r['name'].ljust(width)}  {r['label']}  [{'; '.join(extra)}]")
        lines.append(f"{' ' * width}    {r['description']}")
    print("\n".join(lines))
    return 0


def _configure_dataset(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("what", choices=("path", "version"),
                        help="path: the folder to hand to datasets.load_dataset; version: the gold's version")


def _dataset(args: argparse.Namespace, argv: list[str]) -> int:
    from harness.gold.data import dataset_dir, dataset_version, verify_checksums

    path = dataset_dir()
    verify_checksums(path)
    print(path if args.what == "path" else dataset_version(path))
    return 0


DESCRIBE = Command(
    "describe", "verify the gold's checksums and summarise it",
    "Verify every file of the gold against its checksum and print where it is, its version and its counts.",
    ("evaluate describe",), lambda parser: None, _describe,
)

BASELINES = Command(
    "baselines", "list the registered systems and whether each is ready here",
    "List every system declared through the tahalof.systems entry points (the project's baselines and any "
    "installed plugin's). A system is ready when its libraries and its model or data are present; otherwise the "
    "listing says what is missing and the one command that makes it ready.",
    ("evaluate baselines", "evaluate baselines --format json"),
    _configure_baselines, _baselines,
)

VIEWS_COMMAND = Command(
    "views", "list every view a record can hold",
    "List every view declared in the view registry (the benchmark's and any an installed package declares): its "
    "family, label, metric, whether every run scores it or it is asked for with --view, the inputs it needs, its "
    "leaderboard columns and the parameters it reads.",
    ("evaluate views", "evaluate views --format json"),
    _configure_baselines, _views,
)

DATASET = Command(
    "dataset", "where the installed gold is (for datasets.load_dataset)",
    "Print the absolute path of the installed gold dataset (checksums verified), to pass to "
    "datasets.load_dataset from any folder, or its version.",
    ('python -c "import datasets; print(datasets.load_dataset(\'$(evaluate dataset path)\', \'ner\', split=\'test\'))"',
     "evaluate dataset version"),
    _configure_dataset, _dataset,
)
