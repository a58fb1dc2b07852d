"""What a user of the built wheel sees: installed in a fresh virtual environment, run from another folder.

The wheel is built from a copy of the tracked files only (as a clean clone
has them), installed without dependencies into a virtual environment that
borrows this environment's packages, and every command runs from an unrelated
folder. ``.ci/run`` repeats this with a virtual environment that installs the
dependencies too.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import venv

import pytest

from tests.conftest import ROOT


def tracked_files() -> list[str]:
    result = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True)
    if result.returncode != 0:
        pytest.skip("git is needed to copy the tracked files of the checkout")
    return [f for f in result.stdout.decode().split("\0") if f]


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> dict:
    """A virtual environment with the wheel installed, and an unrelated folder to run in."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    for name in tracked_files():
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                            "--quiet", "--wheel-dir", str(work / "dist"), str(source)], capture_output=True, text=True)
    assert built.returncode == 0, built.stdout + built.stderr
    wheel = next((work / "dist").glob("tahalof-*.whl"))
    venv.create(work / "venv", system_site_packages=True, with_pip=True)
    python = work / "venv" / "bin" / "python"
    install = subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--no-index", "--force-reinstall",
                              "--quiet", str(wheel)], capture_output=True, text=True)
    assert install.returncode == 0, install.stdout + install.stderr
    elsewhere = work / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "TAHALOF_DATASET")}
    env["PATH"] = f"{work / 'venv' / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return {"python": python, "cwd": elsewhere, "env": env, "prefix": str(work / "venv")}


def run(installed, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(list(args), cwd=installed["cwd"], env=installed["env"], capture_output=True, text=True,
                          timeout=300)


def test_the_package_and_its_gold_come_from_the_wheel(installed):
    code = "import harness, harness.gold.data as d; print(harness.__file__); print(d.dataset_dir())"
    result = run(installed, str(installed["python"]), "-c", code)
    assert result.returncode == 0, result.stderr
    module, dataset = result.stdout.split()
    assert module.startswith(installed["prefix"]) and dataset.startswith(installed["prefix"])
    assert dataset.endswith(os.path.join("harness", "gold", "dataset"))


def test_version_names_the_package_and_the_dataset(installed):
    result = run(installed, "evaluate", "--version")
    assert result.returncode == 0, result.stderr
    assert re.match(r"evaluate \(tahalof\) \d+\.\d+\.\d+; dataset 1\.\d+\.\d+ \(", result.stdout)
    assert installed["prefix"] in result.stdout


def test_run_rules_scores_as_the_committed_record(installed):
    result = run(installed, "evaluate", "run", "rules", "--resamples", "0", "--format", "json")
    assert result.returncode == 0, result.stderr
    committed = json.loads((ROOT / "results" / "rules.json").read_text(encoding="utf-8"))
    record = json.loads(result.stdout)
    for view in ("ner_strict", "ner_flat", "re_strict"):
        assert record["overall"]["all"][view]["counts"] == committed["overall"]["all"][view]["counts"], view


def test_the_readme_loading_snippet_works_from_another_folder(installed):
    snippet = subprocess.run([sys.executable, str(ROOT / ".ci" / "readme.py"), "loading"], capture_output=True,
                             text=True, check=True).stdout
    script = installed["cwd"] / "loading.py"
    script.write_text(snippet, encoding="utf-8")
    result = run(installed, str(installed["python"]), str(script))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith(installed["prefix"])
    assert "145" in result.stdout


def test_listing_systems_from_the_wheel(installed):
    result = run(installed, "evaluate", "baselines", "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = {r["name"]: r for r in json.loads(result.stdout)}
    assert rows["rules"]["ready"] and rows["gold"]["ready"]
    assert not rows["hf"]["ready"] and "finetune" in rows["hf"]["fix"]
