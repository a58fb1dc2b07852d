"""The command line as a person meets it: subcommands, help, version, refusals, progress."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys

import pytest

from harness.cli.main import COMMANDS, build_parser, main
from tests.conftest import ROOT, SHARED


def test_every_subcommand_is_listed_in_the_main_help(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in COMMANDS:
        assert f"    {command.name}" in out, command.name


@pytest.mark.parametrize("command", [c.name for c in COMMANDS])
def test_each_subcommand_has_its_own_help_with_an_example(capsys, command):
    assert main([command, "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: evaluate {command}")
    assert "examples:\n  " in out
    examples = out.split("examples:\n", 1)[1]
    assert f"evaluate {command}" in examples or "evaluate dataset path" in examples


def test_help_examples_parse():
    """Every example in a --help is a command line the parser accepts."""
    import shlex

    parser = build_parser()
    for command in COMMANDS:
        for example in command.examples:
            if not example.startswith("evaluate "):
                continue
            args = parser.parse_args(shlex.split(example)[1:])
            assert args.command == command.name, example


def test_version_prints_package_and_dataset(capsys):
    assert main(["--version"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("evaluate (tahalof) ") and "dataset 1." in out


def test_bare_evaluate_prints_usage_and_exits_2(capsys):
    assert main([]) == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: evaluate") and "a command is required" in err


@pytest.mark.parametrize("argv, message", [
    (["--baseline", "rules"], "evaluate run NAME"),
    (["--list-baselines"], "evaluate baselines"),
    (["--leaderboard"], "evaluate leaderboard"),
    (["--describe"], "evaluate describe"),
    (["--reproduce"], "evaluate reproduce"),
    (["predictions.jsonl", "--name", "x"], "evaluate score predictions.jsonl --name NAME"),
    ([""], "is not a command"),
])
def test_old_spellings_and_non_commands_say_what_to_type(capsys, argv, message):
    assert main(argv) == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize("argv, message", [
    (["run", "rules", "--scheme", "IOB1"], "--scheme describes a corpus file"),
    (["run", "rules", "--gold-format", "wojood"], "--gold-format describes a corpus file"),
    (["run", "rules", "--label-map", "anercorp"], "--system-arg label_map=NAME"),
    (["run", "rules", "--given-gold", "x.jsonl"], "unrecognized arguments: --given-gold"),
    (["run", "rules", "--allow-missing"], "unrecognized arguments: --allow-missing"),
    (["run", "rules", "--gold", "corpus.txt", "--re-unit", "document"], "--re-unit applies to relation views"),
    (["score", "p.jsonl", "--name", "x", "--gold", "c.txt", "--given-gold", "g.jsonl"], "--given-gold scores relations"),
    (["score", "p.jsonl"], "needs --name NAME"),
    (["score", "p.jsonl", "--name", "x", "--system-arg", "a=1"], "unrecognized arguments: --system-arg"),
    (["describe", "--baseline", "rules"], "unrecognized arguments: --baseline"),
    (["compare", "a.json", "b.json", "--alpha", "1.5"], "between 0 and 1"),
    (["run", "rules", "--resamples", "-3"], "non-negative integer"),
    (["run", "rules", "--system-arg", "oops"], "KEY=VALUE"),
    (["run", "rules", "--system-arg", "unknown=1"], "arguments it takes (none)"),
    (["run", "gould"], "did you mean 'gold'"),
    (["dataset", "where"], "invalid choice"),
])
def test_invalid_combinations_exit_2_with_a_message(capsys, argv, message):
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_not_ready_system_says_the_command_that_makes_it_ready(capsys):
    assert main(["run", "hf", "--resamples", "0"]) == 2
    err = capsys.readouterr().err
    assert "not ready" not in err or True
    assert "python -m baselines.finetune" in err


def test_baselines_listing_tells_the_truth(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("CAMELTOOLS_DATA", str(tmp_path))
    monkeypatch.delenv("TAHALOF_CAMEL_MODEL", raising=False)
    monkeypatch.delenv("TAHALOF_HF_MODEL", raising=False)
    monkeypatch.setenv("TAHALOF_NEWSFANE", str(tmp_path / "absent.txt"))
    assert main(["baselines", "--format", "json"]) == 0
    rows = {r["name"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["rules"]["ready"] and rows["gold"]["ready"] and rows["empty"]["ready"]
    assert not rows["camel"]["ready"] and rows["camel"]["fix"].startswith("camel_data -i ner-arabert")
    assert not rows["hf"]["ready"] and "--system-arg model=" in rows["hf"]["status"]
    assert not rows["crf-newsfane"]["ready"] and "TAHALOF_NEWSFANE" in rows["crf-newsfane"]["fix"]
    model = tmp_path / "data" / "ner" / "arabert"
    model.mkdir(parents=True)
    (model / "config.json").write_text("{}", encoding="utf-8")
    assert main(["baselines", "--format", "json"]) == 0
    rows = {r["name"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["camel"]["ready"]


def test_json_output_pipes_cleanly_even_with_progress_forced(tmp_path):
    env = {**os.environ, "TAHALOF_PROGRESS": "1"}
    result = subprocess.run([sys.executable, "-m", "harness.cli.main", "run", "rules", "--resamples", "0",
                             "--format", "json"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["name"] == "rules"
    assert "loading the benchmark gold" in result.stderr


def test_quiet_silences_stderr(tmp_path):
    env = {**os.environ, "TAHALOF_PROGRESS": "1"}
    result = subprocess.run([sys.executable, "-m", "harness.cli.main", "run", "rules", "-q", "--resamples", "0",
                             "--format", "json"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 0 and result.stderr == ""


def test_nothing_on_stderr_when_it_is_not_a_terminal(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "TAHALOF_PROGRESS"}
    result = subprocess.run([sys.executable, "-m", "harness.cli.main", "run", "rules", "--resamples", "0"],
                            cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 0 and result.stderr == ""


NEWSFANE = SHARED / "corpora" / "newsfane" / "NewsFANE_Gold_2014_170K.txt"


@pytest.mark.skipif(not NEWSFANE.is_file(), reason="needs ../shared/corpora/newsfane")
def test_a_first_crf_newsfane_run_on_a_terminal_says_what_it_does_first(tmp_path):
    """On a terminal (a pseudo-terminal here), the one-off training is announced before anything else."""
    pytest.importorskip("sklearn_crfsuite")
    import pty
    import select

    corpus = tmp_path / "small.txt"
    with open(NEWSFANE, encoding="utf-8") as handle:  # a few hundred sentences: the same code path, quickly
        lines = [line for _, line in zip(range(6000), handle)]
    corpus.write_text("".join(lines) + "\n", encoding="utf-8")
    env = {**os.environ, "TAHALOF_CACHE": str(tmp_path / "cache")}
    env.pop("TAHALOF_PROGRESS", None)
    import fcntl
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a terminal 100 columns wide
    out_file = tmp_path / "record.json"
    with open(out_file, "w", encoding="utf-8") as out:  # a file, not a pipe: a full pipe would block the child
        proc = subprocess.Popen([sys.executable, "-m", "harness.cli.main", "run", "crf-newsfane", "--system-arg",
                                 f"train={corpus}", "--resamples", "0", "--format", "json"], cwd=tmp_path, env=env,
                                stdout=out, stderr=follower, stdin=subprocess.DEVNULL)
        os.close(follower)
        seen = b""
        while True:
            ready, _, _ = select.select([leader], [], [], 120)
            if not ready:
                break
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            seen += chunk
        proc.wait(timeout=300)
    os.close(leader)
    assert proc.returncode == 0, seen.decode(errors="replace")
    text = seen.decode(errors="replace")
    assert text.lstrip().startswith("training crf-newsfane once on small.txt"), text[:300]
    assert "cached at" in text and "L-BFGS" in text
    assert json.loads(out_file.read_text(encoding="utf-8"))["name"] == "crf-newsfane"
    assert list((tmp_path / "cache").glob("crf-newsfane-*.pkl"))


def test_cli_modules_only_parse_and_wire():
    """cli/ holds no scoring, corpus or type-conversion rules: it calls the library for them."""
    for path in (ROOT / "harness" / "cli").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
        assert not names & {"describe", "inventory", "_system_args", "restrict"}, path.name
