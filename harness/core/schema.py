"""The label inventory, relation signatures and coarse view of the benchmark.

Everything is read from ``schema.yaml`` beside this module, the one file that
the dataset build, the validator and the scorers share.

>>> schema = load_schema()
>>> len(schema.entity_types)
21
>>> schema.relation("MEET").symmetric
True
>>> schema.relation("ROLE").allows("PERS", "OCC")
True
>>> schema.coarse_map["GPE"]
'LOC'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

SCHEMA_PATH = Path(__file__).with_name("schema.yaml")


@dataclass(frozen=True)
class RelationSpec:
    """One relation type: its name, direction and allowed argument types."""

    name: str
    symmetric: bool
    signatures: tuple[tuple[frozenset[str], frozenset[str]], ...]

    def allows(self, head_type: str, tail_type: str) -> bool:
        """Whether a (head type, tail type) pair is allowed for this relation."""
        return any(head_type in heads and tail_type in tails for heads, tails in self.signatures)

    def describe(self) -> str:
        """The allowed signatures as readable text, for error messages."""
        return "; ".join(
            f"{'/'.join(sorted(h))} {'<->' if self.symmetric else '->'} {'/'.join(sorted(t))}"
            for h, t in self.signatures
        )


@dataclass(frozen=True)
class Schema:
    """The whole inventory."""

    version: int
    entity_types: tuple[str, ...]
    entity_descriptions: dict[str, str]
    relations: dict[str, RelationSpec]
    coarse_map: dict[str, str]
    zones: tuple[str, ...]

    @property
    def relation_types(self) -> tuple[str, ...]:
        """Relation type names in the schema's order."""
        return tuple(self.relations)

    @property
    def coarse_types(self) -> tuple[str, ...]:
        """The coarse view's types, sorted."""
        return tuple(sorted(set(self.coarse_map.values())))

    def relation(self, name: str) -> RelationSpec:
        """Look up a relation type by name (KeyError if unknown)."""
        return self.relations[name]


@cache
def load_schema(path: Path = SCHEMA_PATH) -> Schema:
    """Read and check the schema file.

    Args:
        path: the YAML file (defaults to the shipped one).

    Returns:
        The parsed schema.
    """
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    entity = dict(raw["entity_types"])
    relations = {}
    for name, spec in raw["relation_types"].items():
        sigs = tuple((frozenset(h), frozenset(t)) for h, t in spec["signatures"])
        for heads, tails in sigs:
            unknown = (heads | tails) - entity.keys()
            if unknown:
                raise ValueError(f"{path}: relation {name} names unknown types {sorted(unknown)}")
        relations[name] = RelationSpec(name, bool(spec["symmetric"]), sigs)
    coarse = dict(raw["coarse_map"])
    if set(coarse) - entity.keys():
        raise ValueError(f"{path}: coarse_map names unknown types {sorted(set(coarse) - entity.keys())}")
    return Schema(
        version=int(raw["version"]),
        entity_types=tuple(entity),
        entity_descriptions=entity,
        relations=relations,
        coarse_map=coarse,
        zones=tuple(raw["zones"]),
    )
