"""The messages sent to the model: the guidelines in short form, the output schema, few-shot examples.

The entity and relation inventories (and each relation's argument types) are
read from the harness's schema, so the prompt cannot drift from what is
scored; the one-line definitions and the conventions restate
``dataset/GUIDELINES.md``. The few-shot examples are sentences written for
this prompt, never the benchmark's (it has no training split).

>>> messages = build_messages(["قال وزير الخارجية."], unit="sentence")
>>> [m["role"] for m in messages][:2], messages[-1]["content"]
(['system', 'user'], 'قال وزير الخارجية.')
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence

from harness.core.schema import load_schema

DEFINITIONS = {
    "PERS": "a person's name", "NORP": "a nationality, religious or political group, also a nisba adjective "
    "(الأمريكي، اليابانية)", "OCC": "a job title or position with its modifiers (وزير الدفاع الأمريكي)",
    "ORG": "an organisation, agency, company, army, party, news outlet", "GPE": "a country, state or city",
    "LOC": "a place without a government: region, sea, island group, strait", "FAC": "a named facility or building",
    "EVENT": "a named event, and every summit or forum", "LAW": "a treaty, law, agreement or named document",
    "PRODUCT": "a named product, weapon system, vehicle, app", "DATE": "a date or period, absolute or relative",
    "TIME": "a clock time or part of day", "CARDINAL": "a count or number, the numeral alone",
    "ORDINAL": "an ordinal that is not part of a name", "PERCENT": "a percentage",
    "QUANTITY": "a measure with a unit of measurement (15 دقيقة)", "MONEY": "an amount of money",
    "CURR": "a currency named alone", "LANGUAGE": "a language", "WEBSITE": "a URL or a site named as a site",
    "UNIT": "a unit of measure named alone",
}
RELATIONS = {
    "ROLE": "the person holds the title", "ORG_AFF": "employment, membership, leadership, or the nationality "
    "in a person's title", "GEN_AFF": "citizenship, nationality, origin, an organisation's home base",
    "PHYS": "located at, took place at", "PART_WHOLE": "subsidiary or geographic part",
    "MEET": "met, talked, phoned or reached an agreement with each other (symmetric)",
    "PARTY_TO": "is a party to, signed, is bound by", "ART": "owns, uses, buys, makes",
}
CONVENTIONS = """\
- Copy each mention's text exactly as it is written in the sentence, whole words only, with attached \
clitics (واليابان, لرئيس الوزراء); never translate or correct it.
- Mentions may nest: annotate the nationality inside a title or organisation as its own NORP \
(وزير الدفاع الأمريكي is OCC and الأمريكي inside it is NORP).
- A count is CARDINAL on the numeral alone (2000 in 2000 جندي); a preposition stays outside a date.
- When the same text occurs more than once in the sentence, give "occurrence" (1 for the first).
- Relations hold between mentions of the same sentence; refer to them by their index in your "entities" list."""

EXAMPLES = (
    ("وصل وزير الخارجية الفرنسي جان بارو إلى القاهرة يوم الاثنين لإجراء محادثات مع الرئيس المصري.",
     {"entities": [{"text": "وزير الخارجية الفرنسي", "type": "OCC"}, {"text": "الفرنسي", "type": "NORP"},
                   {"text": "جان بارو", "type": "PERS"}, {"text": "القاهرة", "type": "GPE"},
                   {"text": "الاثنين", "type": "DATE"}, {"text": "الرئيس المصري", "type": "OCC"},
                   {"text": "المصري", "type": "NORP"}],
      "relations": [{"head": 2, "tail": 0, "type": "ROLE"}, {"head": 2, "tail": 1, "type": "ORG_AFF"},
                    {"head": 2, "tail": 3, "type": "PHYS"}]}),
    ("أعلنت وكالة الفضاء الأوروبية أن 12 قمرا ستطلق من كورو، وأن كورو ستستقبل الوفد الأول في 2027.",
     {"entities": [{"text": "وكالة الفضاء الأوروبية", "type": "ORG"}, {"text": "الأوروبية", "type": "NORP"},
                   {"text": "12", "type": "CARDINAL"}, {"text": "كورو", "type": "GPE", "occurrence": 1},
                   {"text": "كورو", "type": "GPE", "occurrence": 2}, {"text": "الأول", "type": "ORDINAL"},
                   {"text": "2027", "type": "DATE"}],
      "relations": [{"head": 0, "tail": 1, "type": "GEN_AFF"}]}),
)


def output_schema() -> dict:
    """The JSON schema of an answer (``response_format`` where the server supports it)."""
    schema = load_schema()
    entity = {"type": "object", "additionalProperties": False, "required": ["text", "type"],
              "properties": {"text": {"type": "string"}, "type": {"enum": list(schema.entity_types)},
                             "occurrence": {"type": "integer", "minimum": 1}}}
    relation = {"type": "object", "additionalProperties": False, "required": ["head", "tail", "type"],
                "properties": {"head": {"type": "integer", "minimum": 0}, "tail": {"type": "integer", "minimum": 0},
                               "type": {"enum": list(schema.relation_types)}}}
    return {"type": "object", "additionalProperties": False, "required": ["entities", "relations"],
            "properties": {"entities": {"type": "array", "items": entity},
                           "relations": {"type": "array", "items": relation}}}


def system_prompt(unit: str) -> str:
    """The instructions: task, types, relations with their argument types, conventions, output format."""
    schema = load_schema()
    types = "\n".join(f"- {t}: {DEFINITIONS.get(t, t)}" for t in schema.entity_types)
    rels = "\n".join(f"- {r}: {RELATIONS.get(r, r)} ({schema.relation(r).describe()})"
                     for r in schema.relation_types)
    where = ("The user sends one Arabic sentence." if unit == "sentence" else
             "The user sends an Arabic document, one numbered sentence a line ([0] ..., [1] ...); give each "
             "entity the number of its sentence as \"sentence\".")
    return (f"You annotate Arabic news text with named entities and relations. {where}\n\n"
            f"Entity types:\n{types}\n\nRelation types (head -> tail argument types):\n{rels}\n\n"
            f"Conventions:\n{CONVENTIONS}\n\nAnswer with one JSON object only, of this schema:\n"
            f"{json.dumps(output_schema(), ensure_ascii=False, sort_keys=True)}")


def document_text(sentences: Sequence[str]) -> str:
    """A document as the per-document request shows it: one numbered sentence a line."""
    return "\n".join(f"[{i}] {s}" for i, s in enumerate(sentences))


def build_messages(sentences: Sequence[str], unit: str) -> list[dict]:
    """The chat messages for one request: instructions, the few-shot pairs, then the text."""
    messages = [{"role": "system", "content": system_prompt(unit)}]
    for text, answer in EXAMPLES:
        if unit == "document":
            answer = {**answer, "entities": [{**e, "sentence": 0} for e in answer["entities"]]}
            text = document_text([text])
        messages += [{"role": "user", "content": text},
                     {"role": "assistant", "content": json.dumps(answer, ensure_ascii=False)}]
    messages.append({"role": "user", "content": sentences[0] if unit == "sentence" else document_text(sentences)})
    return messages


def prompt_checksum(unit: str) -> str:
    """SHA-256 of everything but the text: the instructions and the examples."""
    return hashlib.sha256(json.dumps(build_messages([""], unit)[:-1], ensure_ascii=False,
                                     sort_keys=True).encode()).hexdigest()
