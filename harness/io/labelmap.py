"""Label maps: a system's own type inventory mapped onto the benchmark's.

A label map is a YAML mapping ``SYSTEM_LABEL: BENCHMARK_TYPE``; ``null`` drops
the label. Labels not listed pass through unchanged (and are then checked
against the benchmark's types). One reserved key, ``_scheme: IOB1|IOB2``,
declares how a corpus written with these labels is tagged (used when
``--scheme`` is not given). Shipped maps live in ``harness/io/labelmaps/`` and
can be named without a path (``--label-map camel``).

>>> m = LabelMap({"PER": "PERS", "MISC": None}, "inline")
>>> m.apply("PER"), m.apply("MISC"), m.apply("GPE")
('PERS', None, 'GPE')
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path


from harness.core.errors import InputError, Problem, did_you_mean
from harness.core.schema import load_schema
from harness.io.safe_yaml import load_file

SHIPPED_DIR = Path(__file__).with_name("labelmaps")


@dataclass(frozen=True)
class LabelMap:
    """A mapping from system labels to benchmark types (None drops)."""

    mapping: dict[str, str | None]
    source: str
    sha256: str = ""
    identity: bool = field(default=False)
    scheme: str | None = None

    def apply(self, label: str) -> str | None:
        """The benchmark type for a system label (None: dropped)."""
        return self.mapping.get(label, label)

    def describe(self) -> dict:
        """Provenance: where the map came from, its checksum and content."""
        out = {"source": self.source, "sha256": self.sha256, "mapping": dict(sorted(self.mapping.items()))}
        return {**out, "scheme": self.scheme} if self.scheme else out


IDENTITY = LabelMap({}, "identity", identity=True)


def shipped_maps() -> list[str]:
    """Names of the label maps that ship with the project."""
    return sorted(p.stem for p in SHIPPED_DIR.glob("*.yaml"))


def load_label_map(spec: str | None) -> LabelMap:
    """Load a label map from a shipped name or a YAML file path.

    Raises:
        InputError: for a missing file, invalid YAML, a non-mapping, or a
            target that is not a benchmark type.
    """
    if not spec:
        return IDENTITY
    path = Path(spec)
    if not path.suffix and (SHIPPED_DIR / f"{spec}.yaml").is_file():
        path = SHIPPED_DIR / f"{spec}.yaml"
    if not path.exists():
        hint = did_you_mean(spec, shipped_maps()) or f"shipped maps: {', '.join(shipped_maps()) or 'none'}"
        raise InputError(Problem(spec, None, None, "label map", "a YAML file or a shipped map name", "<missing>", hint))
    data = load_file(path, "label map")
    raw = path.read_bytes()
    if not isinstance(data, dict):
        raise InputError(Problem(str(path), None, None, "document", "a mapping SYSTEM_LABEL: TYPE", type(data).__name__))
    types = load_schema().entity_types
    problems = []
    scheme = data.pop("_scheme", None)
    if scheme not in (None, "IOB1", "IOB2"):
        problems.append(Problem(str(path), None, "_scheme", "scheme", "IOB1 or IOB2", scheme))
    for key, value in data.items():
        if value is not None and value not in types:
            problems.append(
                Problem(str(path), None, str(key), "target", "a benchmark entity type or null", value,
                        did_you_mean(value, types))
            )
    if problems:
        raise InputError(problems)
    return LabelMap({str(k): v for k, v in data.items()}, str(path), hashlib.sha256(raw).hexdigest(), scheme=scheme)
