"""Reading a model's answer: strict JSON, or a tolerant reading of JSON inside text.

Both return the entities ``(text, type, occurrence, sentence)`` and relations
``(head, tail, type)`` with their fields checked, or raise :class:`Malformed`
saying what was wrong; the system counts malformed answers, it does not stop.

>>> read_answer('```json\\n{"entities": [{"text": "طوكيو", "type": "GPE"}], "relations": [],}\\n```', "text")
([('طوكيو', 'GPE', None, None)], [])
>>> read_answer('{"entities": [}', "json_schema")
Traceback (most recent call last):
...
baselines.llm.parse.Malformed: not JSON: Expecting value (line 1 column 15)
"""

from __future__ import annotations

import json
import re


class Malformed(ValueError):
    """An answer the parser cannot read as entities and relations."""


_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.S)
_TRAILING = re.compile(r",\s*([\]}])")


def _load(text: str, tolerant: bool):
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        if not tolerant:
            raise Malformed(f"not JSON: {exc.msg} (line {exc.lineno} column {exc.colno})") from None
    fenced = _FENCE.search(text)
    body = fenced.group(1) if fenced else text
    start, end = body.find("{"), body.rfind("}")
    if start < 0 or end < start:
        raise Malformed("no JSON object in the answer")
    body = _TRAILING.sub(r"\1", body[start:end + 1])
    try:
        return json.loads(body)
    except json.JSONDecodeError as exc:
        raise Malformed(f"not JSON: {exc.msg} (line {exc.lineno} column {exc.colno})") from None


def _int(value, field: str, minimum: int):
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise Malformed(f"{field}: expected an integer >= {minimum}, found {value!r}")
    return value


def read_answer(text: str, mode: str) -> tuple[list[tuple], list[tuple]]:
    """Entities and relations of one answer (``mode``: ``json_schema`` strict, ``text`` tolerant).

    Raises:
        Malformed: for text that is not an object of ``entities`` and ``relations`` lists of the right fields.
    """
    data = _load(text.strip(), tolerant=mode == "text")
    if not isinstance(data, dict) or not isinstance(data.get("entities", []), list) \
            or not isinstance(data.get("relations", []), list):
        raise Malformed("expected an object with lists 'entities' and 'relations'")
    entities, relations = [], []
    for e in data.get("entities", []):
        if not isinstance(e, dict) or not isinstance(e.get("text"), str) or not isinstance(e.get("type"), str):
            raise Malformed(f"an entity without a text and a type: {str(e)[:80]}")
        entities.append((e["text"], e["type"].strip().upper(), _int(e.get("occurrence"), "occurrence", 1),
                         _int(e.get("sentence"), "sentence", 0)))
    for r in data.get("relations", []):
        if not isinstance(r, dict) or not isinstance(r.get("type"), str):
            raise Malformed(f"a relation without a type: {str(r)[:80]}")
        relations.append((_int(r.get("head"), "head", 0), _int(r.get("tail"), "tail", 0),
                          r["type"].strip().upper()))
    return entities, relations
