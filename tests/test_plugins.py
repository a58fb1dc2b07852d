"""Systems as plugins: the README's example system, in process and as a real outside package."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap

import pytest

from harness.core.errors import InputError
from harness.records.score import Options, system_record
from harness.systems.registry import Entry, Registry, registry
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def readme_block(first_line: str, language: str = "python") -> str:
    """The README's code block that starts with ``first_line``."""
    match = re.search(rf"```{language}\n({re.escape(first_line)}\n.*?)```", README, flags=re.S)
    assert match, f"the README has no {language} block starting {first_line!r}"
    return match.group(1)


def test_readme_system_registered_in_process_scores():
    namespace: dict = {}
    exec(readme_block("# my_package/my_system.py"), namespace)  # noqa: S102 - the README's own example
    registry().add("readme-example", namespace["MySystem"])
    record, _ = system_record("readme-example", options=Options(resamples=0))
    gpe = record.per_type["all"]["ner_strict"]["GPE"]
    assert gpe.counts["tp"] > 0 and gpe.precision == 1.0
    assert record.system["kind"] == "rule-based"


def test_the_project_declares_every_baseline_by_entry_point():
    names = Registry.from_entry_points().names()
    assert {"rules", "crf-newsfane", "crf-lodo", "re-logreg", "camel", "hf", "gold", "empty"} <= set(names)


def outside_package(tmp_path, name: str, files: dict[str, str], entry_points: str):
    """Build and install (``pip --target``) a package of ``files`` declaring ``entry_points``; return a function
    running ``evaluate`` with it importable, from a folder outside the checkout."""
    package = tmp_path / name
    module = name.replace("-", "_")
    (package / module).mkdir(parents=True)
    for file, text in files.items():
        (package / module / file).write_text(text, encoding="utf-8")
    (package / "pyproject.toml").write_text(textwrap.dedent(f'''\
        [build-system]
        requires = ["setuptools>=61"]
        build-backend = "setuptools.build_meta"

        [project]
        name = "{name}"
        version = "0.1.0"

        [tool.setuptools]
        packages = ["{module}"]

        ''') + entry_points, encoding="utf-8")
    site = tmp_path / "site"
    install = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-build-isolation", "--no-index",
                              "--quiet", "--target", str(site), str(package)], capture_output=True, text=True)
    assert install.returncode == 0, install.stdout + install.stderr
    assert list(site.glob(f"{module}-0.1.0.dist-info/entry_points.txt"))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), str(ROOT)])}

    def evaluate(*args):
        return subprocess.run([sys.executable, "-m", "harness.cli.main", *args], cwd=elsewhere, env=env,
                              capture_output=True, text=True)

    return evaluate


def test_outside_package_declared_by_entry_point_only_is_listed_and_scored(tmp_path):
    evaluate = outside_package(tmp_path, "my-package",
                               {"__init__.py": "", "my_system.py": readme_block("# my_package/my_system.py")},
                               readme_block('[project.entry-points."tahalof.systems"]', "toml"))
    listing = evaluate("baselines", "--format", "json")
    assert listing.returncode == 0, listing.stderr
    rows = {r["name"]: r for r in json.loads(listing.stdout)}
    assert rows["my-system"]["declared_by"] == "my-package 0.1.0"
    assert rows["my-system"]["ready"] and rows["my-system"]["kind"] == "rule-based"
    assert rows["rules"]["declared_by"].startswith("tahalof ")
    scored = evaluate("run", "my-system", "--resamples", "0", "--format", "json")
    assert scored.returncode == 0, scored.stderr
    record = json.loads(scored.stdout)
    assert record["name"] == "my-system"
    assert record["per_type"]["all"]["ner_strict"]["GPE"]["precision"] == 1.0
    assert record["per_type"]["all"]["ner_strict"]["GPE"]["counts"]["tp"] > 0


def test_two_distributions_declaring_one_name_are_refused():
    reg = Registry()
    reg._add(Entry("clash", "a:A", "dist-a 1", lambda: None))
    reg._add(Entry("clash", "a:A", "dist-a 1", lambda: None))  # the same declaration seen twice is one
    with pytest.raises(InputError, match="dist-a 1.*dist-b 1"):
        reg._add(Entry("clash", "b:B", "dist-b 1", lambda: None))


@pytest.mark.parametrize("module, body, expected", [
    ("plugin_without_info", "class Bad:\n    pass\n", "info = SystemInfo"),
    ("plugin_missing_import", "import a_module_that_is_not_installed\n", "a_module_that_is_not_installed"),
])
def test_a_broken_plugin_is_reported_not_raised(tmp_path, monkeypatch, module, body, expected):
    import importlib

    (tmp_path / f"{module}.py").write_text(body, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    reg = Registry()
    reg._add(Entry("broken", f"{module}:Bad", "broken-dist 1", lambda: importlib.import_module(module).Bad))
    with pytest.raises(InputError, match=expected):
        reg.load("broken")
    assert not reg.readiness("broken").ready


def test_an_empty_registry_says_to_install_the_project():
    with pytest.raises(InputError, match="install the project"):
        Registry().load("rules")


VIEW_PLUGIN = '''\
"""A view from outside the project: strict over one-token mentions."""

import numpy as np

from harness.scoring.metrics import PRF
from harness.scoring.tally import matched, prf
from harness.scoring.viewspec import Family, ViewSpec


def count_single_token(inp):
    t = inp.table
    text = {i: d.text for i, d in enumerate(inp.documents)}

    def one_token(side):
        docs = inp.layout.unit_doc[side.unit].tolist()
        return np.array([" " not in text[d][s:e] for d, s, e in zip(docs, side.start.tolist(), side.end.tolist())],
                        dtype=bool)

    g, p = t.gold.select(one_token(t.gold)), t.pred.select(one_token(t.pred))
    return prf(inp.layout, g.unit, p.unit, matched(g.key, p.key), g.type, p.type, t.types)


SPEC = ViewSpec("ner_one_token", Family.NER, "NER one-token mentions (plugin)", "strict, one-token mentions only",
                PRF, count_single_token, order=16, leaderboard=("all",), short="NER 1-token")
'''


def test_a_view_declared_by_an_outside_package_reaches_the_command_line(tmp_path):
    evaluate = outside_package(tmp_path, "my-views", {"__init__.py": VIEW_PLUGIN},
                               '[project.entry-points."tahalof.views"]\nner_one_token = "my_views:SPEC"\n')
    listing = evaluate("views", "--format", "json")
    assert listing.returncode == 0, listing.stderr
    assert "ner_one_token" in [r["name"] for r in json.loads(listing.stdout)]
    run = evaluate("run", "rules", "--resamples", "0", "--format", "json", "-q")
    assert run.returncode == 0, run.stderr
    record = json.loads(run.stdout)
    assert record["overall"]["all"]["ner_one_token"]["counts"]["tp"] > 0
    assert record["views"]["ner_one_token"]["label"] == "NER one-token mentions (plugin)"


def test_a_broken_view_plugin_is_reported_not_raised(tmp_path):
    from harness.scoring.viewspec import ViewRegistry, load_plugins

    class BrokenEntry:
        name, value = "broken", "nowhere:SPEC"

        def load(self):
            raise ImportError("No module named 'nowhere'")

    notes = load_plugins(ViewRegistry(), [BrokenEntry()])
    assert notes == ["view plugin broken (nowhere:SPEC) was not loaded: ImportError: No module named 'nowhere'"]
