"""Reading and writing brat standoff (``.ann``) files.

Only what the benchmark uses is accepted: ``T`` lines (one contiguous span),
``R`` lines (``Arg1``/``Arg2``) and ``#`` annotator notes. Anything else is a
:class:`~harness.core.errors.Problem` naming the line.

>>> ann = parse_ann("T1\\tGPE 0 5\\tطوكيو\\nR1\\tPHYS Arg1:T1 Arg2:T1\\n", "x.ann")
>>> ann.entities[0].type, ann.relations[0].head
('GPE', 'T1')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from harness.core.errors import InputError, Problem

MAX_DIGITS = 18  # an offset beyond 10**18 characters is no text's
_T_RE = re.compile(r"^(T\d+)\t(\S+) (\d+) (\d+)\t(.*)$")
_R_RE = re.compile(r"^(R\d+)\t(\S+) Arg1:(T\d+) Arg2:(T\d+)\s*$")


@dataclass(frozen=True)
class AnnEntity:
    """A ``T`` line."""

    id: str
    type: str
    start: int
    end: int
    text: str
    line: int


@dataclass(frozen=True)
class AnnRelation:
    """An ``R`` line."""

    id: str
    type: str
    head: str
    tail: str
    line: int


@dataclass
class AnnFile:
    """The parsed content of one ``.ann`` file."""

    path: str
    entities: list[AnnEntity] = field(default_factory=list)
    relations: list[AnnRelation] = field(default_factory=list)


def parse_ann(content: str, path: str) -> AnnFile:
    """Parse brat standoff text.

    Args:
        content: the file's text.
        path: the file's name, used in error messages.

    Returns:
        The entities and relations, each with its line number.

    Raises:
        InputError: for lines that are not well-formed T, R or # lines, and
            for ids used twice.
    """
    ann = AnnFile(path)
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for lineno, line in enumerate(content.split("\n"), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        if m := _T_RE.match(line):
            ann_id, typ, start, end, text = m.groups()
            if max(len(start), len(end)) > MAX_DIGITS:
                problems.append(Problem(path, lineno, ann_id, "offsets", f"offsets of at most {MAX_DIGITS} digits",
                                        f"<a number of {max(len(start), len(end))} digits>"))
                continue
            ann.entities.append(AnnEntity(ann_id, typ, int(start), int(end), text, lineno))
        elif m := _R_RE.match(line):
            ann_id, typ, head, tail = m.groups()
            ann.relations.append(AnnRelation(ann_id, typ, head, tail, lineno))
        else:
            problems.append(
                Problem(
                    path, lineno, (line.split(None, 1) or [None])[0], "line",
                    "'T<n>\\tTYPE START END\\tTEXT' or 'R<n>\\tTYPE Arg1:T<i> Arg2:T<j>'",
                    line[:80],
                )
            )
            continue
        ann_id = m.group(1)
        if ann_id in seen:
            problems.append(
                Problem(path, lineno, ann_id, "id", f"an id not used before (first used on line {seen[ann_id]})", ann_id)
            )
        seen.setdefault(ann_id, lineno)
    if problems:
        raise InputError(problems)
    return ann


def format_ann(entities, relations) -> str:
    """Write brat standoff text.

    Args:
        entities: ``(id, type, start, end, text)`` tuples.
        relations: ``(id, type, head_id, tail_id)`` tuples.

    Returns:
        The file content, one annotation per line, entities first.
    """
    lines = [f"{i}\t{t} {s} {e}\t{x}" for i, t, s, e, x in entities]
    lines += [f"{i}\t{t} Arg1:{h} Arg2:{a}" for i, t, h, a in relations]
    return "".join(line + "\n" for line in lines)
