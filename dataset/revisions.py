"""Releases after the first: each one a set of revisions applied to the adjudicated gold.

Gold 1.0.0 is the merge of the two passes and the adjudicator's decisions
(:mod:`dataset.adjudicate`). Every later release is a folder
``revisions/VERSION/`` holding

- ``rules.yaml``: the rules the release applies, each with the sections of
  the guidelines and of the annotation scheme it follows and a statement;
  a rule that only clarifies the guidelines says so with ``changes: none``;
- ``NAME.txt`` per changed document: one revision a line, written as the
  decisions are (``add-ent``, ``drop-ent``, ``add-rel``, ``drop-rel``), each
  ending in ``# RULE: reason`` where RULE is a key of ``rules.yaml``.

The gold of a version is the merge with every release up to it applied in
order, so any earlier version can be rebuilt exactly, and ``CHANGES.md`` is
generated from these files (:mod:`dataset.changes`). Unlike a decision, a
revision must change something: dropping what the gold does not hold, or
adding what it already holds, is an error naming the line.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from dataset.adjudicate import EntityKey, RelationKey, read_decisions
from dataset.sources import DATASET_DIR
from harness.core.errors import InputError, Problem
from harness.io.safe_yaml import load_file

REVISIONS_DIR = DATASET_DIR / "revisions"
FIRST_RELEASE = "1.0.0"


def version_key(version: str) -> tuple[int, ...]:
    """A version's sort key.

    >>> sorted(["1.10.0", "1.2.0", "1.1.0"], key=version_key)
    ['1.1.0', '1.2.0', '1.10.0']
    """
    return tuple(int(p) for p in version.split("."))


@dataclass(frozen=True)
class Rule:
    """One rule a release applies.

    Attributes:
        id: its key, named by each revision that follows it.
        title: a short name for the tables.
        guidelines: the sections of ``GUIDELINES.md`` that state it.
        scheme: where the annotation scheme states it ("" when it is the guidelines' own).
        statement: the rule in one paragraph, with its reason.
        changes_annotations: False for a rule that only makes the guidelines say what the gold does.
    """

    id: str
    title: str
    guidelines: str
    scheme: str
    statement: str
    changes_annotations: bool


@dataclass(frozen=True)
class Revision:
    """One line of a release's revision file."""

    op: str
    key: EntityKey | RelationKey
    rule: str
    reason: str
    path: str
    line: int

    @property
    def is_entity(self) -> bool:
        return self.op.endswith("-ent")


def releases(revisions_dir: Path = REVISIONS_DIR) -> list[str]:
    """Every release, oldest first: the first one and each revision folder."""
    found = [p.name for p in revisions_dir.iterdir() if p.is_dir()] if revisions_dir.is_dir() else []
    return [FIRST_RELEASE, *sorted(found, key=version_key)]


def current_version(revisions_dir: Path = REVISIONS_DIR) -> str:
    """The newest release: the version the build writes."""
    return releases(revisions_dir)[-1]


@cache
def read_rules(version: str, revisions_dir: Path = REVISIONS_DIR) -> dict[str, Rule]:
    """The rules of one release, by id.

    Raises:
        InputError: for a missing file or an entry without its fields.
    """
    path = revisions_dir / version / "rules.yaml"
    if not path.is_file():
        raise InputError(Problem(str(path), None, None, "file", "the release's rules.yaml", "<missing>"))
    raw = load_file(path, "release rules") or {}
    fields = {"title", "guidelines", "scheme", "statement", "changes"}
    rules, problems = {}, []
    for rule_id, entry in raw.items() if isinstance(raw, dict) else ():
        if not isinstance(entry, dict) or set(entry) != fields or entry["changes"] not in ("annotations", "none"):
            problems.append(Problem(str(path), None, str(rule_id), "rule",
                                    f"a mapping with exactly {sorted(fields)} (changes: annotations|none)", entry))
            continue
        rules[str(rule_id)] = Rule(str(rule_id), str(entry["title"]), str(entry["guidelines"]),
                                   str(entry["scheme"] or ""), " ".join(str(entry["statement"]).split()),
                                   entry["changes"] == "annotations")
    if not isinstance(raw, dict):
        problems.append(Problem(str(path), 1, None, "document", "a mapping of rule ids to rules", type(raw).__name__))
    if problems:
        raise InputError(problems)
    return rules


def read_revisions(version: str, doc_id: str, revisions_dir: Path = REVISIONS_DIR) -> list[Revision]:
    """The revisions one release makes to one document (none when it has no file).

    Raises:
        InputError: for a malformed line, a line without a rule, or a rule the release does not declare.
    """
    path = revisions_dir / version / f"{doc_id}.txt"
    if not path.is_file():
        return []
    rules = read_rules(version, revisions_dir)
    content = path.read_text(encoding="utf-8")
    ops = iter(read_decisions(content, str(path)))
    out, problems = [], []
    for lineno, line in enumerate(content.splitlines(), start=1):
        body, _, comment = line.partition("#")
        if not body.split():
            continue
        op, key = next(ops)
        rule, sep, reason = comment.partition(":")
        rule = rule.strip()
        if not sep or rule not in rules:
            problems.append(Problem(str(path), lineno, None, "rule",
                                    f"'# RULE: reason' with RULE one of {sorted(rules)}", comment.strip() or "<none>"))
            continue
        if not rules[rule].changes_annotations:
            problems.append(Problem(str(path), lineno, None, "rule", "a rule declared with 'changes: annotations'",
                                    rule, "this rule only clarifies the guidelines"))
            continue
        out.append(Revision(op, key, rule, reason.strip(), str(path), lineno))
    if problems:
        raise InputError(problems)
    return out


def apply(entities: set, relations: set, revisions: list[Revision]) -> None:
    """Apply revisions in place, refusing any that changes nothing.

    Raises:
        InputError: naming each revision that drops what is not there or adds what already is.
    """
    problems = []
    for r in revisions:
        target = entities if r.is_entity else relations
        adding = r.op.startswith("add")
        if (r.key in target) == adding:
            problems.append(Problem(r.path, r.line, None, r.op,
                                    "an annotation the gold does not hold yet" if adding
                                    else "an annotation the gold holds", f"{'present' if adding else 'absent'}: "
                                    f"{r.key}"))
            continue
        (target.add if adding else target.discard)(r.key)
    if problems:
        raise InputError(problems)


def revisions_upto(doc_id: str, version: str | None = None, revisions_dir: Path = REVISIONS_DIR) -> list[Revision]:
    """Every revision of a document from the releases after the first up to ``version`` (default: all), in order.

    Raises:
        InputError: for a version that is not a release.
    """
    known = releases(revisions_dir)
    version = version or known[-1]
    if version not in known:
        raise InputError(Problem(str(revisions_dir), None, None, "version", f"one of {known}", version))
    out = []
    for v in known[1:known.index(version) + 1]:
        out += read_revisions(v, doc_id, revisions_dir)
    return out
