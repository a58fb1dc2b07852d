"""The prediction formats, declared once: what each holds, for the readers, the CLI and the record.

>>> FORMATS["tags"].holds_relations, FORMATS["jsonl"].holds_relations
(False, True)
>>> CHOICES
('auto', 'jsonl', 'tags', 'conll', 'brat')
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    """A predictions format."""

    name: str
    description: str
    holds_relations: bool
    offsets: bool  # spans as character offsets (checked against the tokens), not token tags


FORMATS = {f.name: f for f in (
    Format("jsonl", "one JSON line per document: character offsets, types, relations", True, True),
    Format("tags", "one JSON line per sentence of the ner config: IOB2 tags over its tokens", False, False),
    Format("conll", "'# sent_id' comments, token and one IOB2 column per nesting level", False, False),
    Format("brat", "a folder of NAME.ann standoff files (and NAME.txt)", True, True),
)}
CHOICES = ("auto", *FORMATS)
