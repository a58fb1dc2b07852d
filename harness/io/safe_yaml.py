"""YAML from users (label maps, submission files) read safely: no aliases, bounded depth and size.

A label map is a flat mapping; nothing a person writes by hand needs YAML's
anchors and aliases, which are how "billion laughs" documents expand a few
bytes into gigabytes. They are refused, as is nesting deeper than a few
levels (which recursion would otherwise turn into a crash) and a file past a
size limit.

>>> load_text("a: 1\\nb: [x, y]\\n", "m.yaml")
{'a': 1, 'b': ['x', 'y']}
>>> load_text("a: &x [1, 2]\\nb: *x\\n", "m.yaml")
Traceback (most recent call last):
...
harness.core.errors.InputError: m.yaml:1: YAML: expected plain YAML (no anchors or aliases), found <an anchor &x>
>>> load_text("true: PERS", "m.yaml")
Traceback (most recent call last):
...
harness.core.errors.InputError: m.yaml:1: key: expected a string (quote it: 'true'), found <true, which YAML reads as bool>
"""

from __future__ import annotations

import os

import yaml

from harness.core.errors import InputError, Problem
from harness.io.paths import MAX_SMALL_BYTES, check_input

MAX_DEPTH = 8


class _Loader(yaml.SafeLoader):
    """SafeLoader without aliases or anchors, and with a nesting limit."""

    def __init__(self, stream, path: str):
        super().__init__(stream)
        self.source = path
        self.depth = 0

    def _refuse(self, node_mark, found: str) -> None:
        raise InputError(Problem(self.source, node_mark.line + 1, None, "YAML",
                                 "plain YAML (no anchors or aliases)" if "alias" in found or "anchor" in found
                                 else f"at most {MAX_DEPTH} levels of nesting", f"<{found}>"))

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            self._refuse(event.start_mark, f"an alias *{event.anchor}")
        if getattr(event, "anchor", None):
            self._refuse(event.start_mark, f"an anchor &{event.anchor}")
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self._refuse(event.start_mark, f"more than {MAX_DEPTH} levels")
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_mapping(self, node, deep=False):
        seen: dict[str, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:str":
                line = key_node.start_mark.line + 1
                if key_node.value in seen:
                    raise InputError(Problem(self.source, line, None, "key",
                                             f"each key once (first on line {seen[key_node.value]})",
                                             key_node.value))
                seen[key_node.value] = line
            if key_node.tag != "tag:yaml.org,2002:str":
                kind = key_node.tag.rsplit(":", 1)[-1]
                raise InputError(Problem(self.source, key_node.start_mark.line + 1, None, "key",
                                         f"a string (quote it: '{key_node.value}')",
                                         f"<{key_node.value}, which YAML reads as {kind}>"))
        return super().construct_mapping(node, deep)


def load_text(text: str, path: str):
    """Parse YAML text safely.

    Raises:
        InputError: for invalid YAML, aliases, anchors or deep nesting.
    """
    loader = _Loader(text, path)
    try:
        return loader.get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(Problem(path, mark.line + 1 if mark else None, None, "YAML", "valid YAML",
                                 f"<{str(getattr(exc, 'problem', None) or exc).splitlines()[0][:200]}>")) from None
    except RecursionError:
        raise InputError(Problem(path, None, None, "YAML", f"at most {MAX_DEPTH} levels of nesting",
                                 "<deeper>")) from None
    finally:
        loader.dispose()


def load_file(path: str | os.PathLike, what: str = "YAML file"):
    """Read and parse a YAML file safely (a regular file of at most 16 MB, UTF-8).

    Raises:
        InputError: for an unreadable file or any problem of :func:`load_text`.
    """
    p = check_input(path, what, limit=MAX_SMALL_BYTES)
    try:
        text = p.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(Problem(str(p), None, None, "encoding", "UTF-8", f"<byte at offset {exc.start}>")) from None
    return load_text(text, str(p))
