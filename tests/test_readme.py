"""The README's Python snippets run as written, from a folder outside the checkout."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
SNIPPETS = [b for b in re.findall(r"```python\n(.*?)```", README, flags=re.S) if b.startswith("import ")]


def run_snippet(code: str, cwd) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "TAHALOF_DATASET")}
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_the_readme_has_its_user_snippets():
    assert len(SNIPPETS) >= 3


@pytest.mark.parametrize("code", SNIPPETS, ids=[s.splitlines()[2][:40] if len(s.splitlines()) > 2 else s[:40]
                                               for s in SNIPPETS])
def test_snippet_runs_from_another_folder(code, tmp_path):
    result = run_snippet(code, tmp_path)
    assert result.returncode == 0, result.stderr


def test_the_training_loop_snippet_prints_what_the_readme_says(tmp_path):
    code = next(s for s in SNIPPETS if "harness.compute" in s)
    claim = re.search(r"^(scores\[.*?\])\s+# (\{.*\})$", code, flags=re.M)
    assert claim, "the snippet shows its result in a comment"
    result = run_snippet(code + f"\nprint(repr({claim.group(1)}))\n", tmp_path)
    assert result.returncode == 0, result.stderr
    assert ast.literal_eval(result.stdout.strip().splitlines()[-1]) == ast.literal_eval(claim.group(2))
