"""Render the dataset card (``dataset/README.md``) from the validated gold."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence

import datasets
import yaml

from harness.core.schema import load_schema
from harness.gold.validate import GoldDocument

PRETTY_NAME = "Tahalof: Arabic news NER and relation extraction benchmark"


def _yaml_header(version: str, feats: Mapping[str, datasets.Features], data_file: Callable[[str], str]) -> str:
    meta = {
        "pretty_name": PRETTY_NAME,
        "language": ["ar"],
        "license": "cc-by-4.0",
        "task_categories": ["token-classification"],
        "task_ids": ["named-entity-recognition"],
        "tags": ["relation-extraction", "nested-ner", "arabic", "news"],
        "size_categories": ["n<1K"],
        "configs": [
            {"config_name": name, "data_files": [{"split": "test", "path": data_file(name)}],
             **({"default": True} if name == "documents" else {})}
            for name in feats
        ],
        "dataset_info": [
            {"config_name": name, "features": f._to_yaml_list()}
            for name, f in feats.items()
        ],
    }
    body = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{body}---\n"


AGREEMENT_HEADER = (
    "document", "mentions A", "mentions B", "entity F1 A↔B", "relation F1 A↔B",
    "entity F1 A↔gold", "entity F1 B↔gold", "relation F1 A↔gold", "relation F1 B↔gold",
)


def _versions_note(version: str) -> str:
    from dataset.revisions import FIRST_RELEASE, releases, version_key

    if version == FIRST_RELEASE:
        return f"Measured on gold {version}: the passes and the gold of this release.\n\n"
    later = [v for v in releases() if v != FIRST_RELEASE and version_key(v) <= version_key(version)]
    return (f"Which version these figures were measured on: the two passes were annotated for gold "
            f"{FIRST_RELEASE} (guidelines 1.0) and the A↔B columns compare them as they were; the A↔gold and "
            f"B↔gold columns compare them with this release, gold {version}, which revises the adjudicated "
            f"{FIRST_RELEASE} gold by rule ({', '.join(later)}: every change is listed in `CHANGES.md`). "
            f"The passes were not annotated again for {version}, so part of each pass's disagreement with the "
            f"gold is a convention {version} changed, not an error; `python -m dataset.build --version "
            f"{FIRST_RELEASE} --out DIR` rebuilds the {FIRST_RELEASE} gold and its card.\n\n")


def _table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(out) + "\n"


def render_card(
    docs: Sequence[GoldDocument],
    version: str,
    feats: Mapping[str, datasets.Features],
    data_file: Callable[[str], str],
    agreement: Sequence[Sequence[object]],
) -> str:
    """The whole card: YAML metadata, then the Markdown sections.

    Args:
        agreement: the agreement table's rows (:func:`dataset.agreement.agreement_rows`).
    """
    schema = load_schema()
    ent_all = Counter(e.type for d in docs for e in d.entities)
    zone_of = {(d.doc_id, i): s.zone for d in docs for i, s in enumerate(d.sentences)}
    ent_body = Counter(e.type for d in docs for e in d.entities if zone_of[d.doc_id, e.sentence] == "body")
    rel_all = Counter(r.type for d in docs for r in d.relations)
    rel_body = Counter(r.type for d in docs for r in d.relations if zone_of[d.doc_id, r.sentence] == "body")
    n_ent = sum(ent_all.values())
    nested = sum(1 for d in docs for e in d.entities if e.parents)
    containing = len({p for d in docs for e in d.entities for p in ((d.doc_id, x) for x in e.parents)})
    zone_sent, zone_tok = Counter(), Counter()
    for d in docs:
        for s in d.sentences:
            zone_sent[s.zone] += 1
            zone_tok[s.zone] += s.token_end - s.token_start
    per_doc = [
        (d.doc_id, len(d.sentences), len(d.tokens), len(d.entities), len(d.relations), i)
        for i, d in enumerate(docs)
    ]
    parts = [
        _yaml_header(version, feats, data_file),
        f"\n# {PRETTY_NAME}\n\n",
        f"Dataset version **{version}** (every row carries it in its `version` field); `CHANGES.md` lists "
        f"every mention and relation each release changed, with the rule it applied.\n\n",
        "## Dataset summary\n\n"
        "Five Arabic news articles about Japan–United States relations, annotated in full "
        "(headlines, site chrome and related-article lists included) with the 21 nested entity "
        "types of Wojood and eight ACE-style relation types. Offsets are Python code-point "
        "offsets into the raw text, end-exclusive; spans are aligned to one frozen "
        "tokenisation (CAMeL Tools' `simple_word_tokenize` rules, clitics attached). Each "
        "sentence carries a zone, `body` or `boilerplate`, so systems can be scored on the "
        "article body alone. The annotation guidelines are in `GUIDELINES.md`.\n\n"
        "This is a test set: it has one split, `test`. A leave-one-document-out fold id "
        "(`fold`, 0–4, the document's index) is given for in-domain training experiments.\n\n",
        "## Loading\n\n"
        "With the `tahalof` package installed, the gold travels inside it and loads from any "
        "folder, checksums verified:\n\n"
        "```python\n"
        "import harness\n"
        "docs = harness.load_dataset(\"documents\")\n"
        "ner = harness.load_dataset(\"ner\")\n"
        "ner.features[\"ner_tags\"].feature.names  # the IOB2 label list\n"
        "```\n\n"
        "With `datasets` alone, pass this folder's absolute path (`evaluate dataset path` prints "
        "the installed copy's):\n\n"
        "```python\n"
        "import datasets\n"
        "ner = datasets.load_dataset(\"/abs/path/to/dataset\", \"ner\", split=\"test\")\n"
        "```\n\n"
        "A bare relative name can resolve to a cached copy when run from another directory. No "
        "loading script is involved; the configs are declared in this card's YAML header. The "
        "file `checksums.sha256` lists the SHA-256 of each Parquet file (`sha256sum -c "
        "checksums.sha256` in this folder); the harness verifies it whenever it loads the gold. "
        "The `datasets` cache keys local files by path and modification time: after changing the "
        "files in place, load with `download_mode=\"force_redownload\"` (`harness.load_dataset` "
        "keeps a cache folder per checksum instead).\n\n",
        "## Configs\n\n",
        _table(("config", "one row per", "fields"), [
            ("`documents`", "document",
             "doc_id, source_file, fold, version, text, sentences (start, end, zone, token_start, "
             "token_end), tokens (text, start, end), entities (id, type, start, end, text, sentence, "
             "parents: ids of the mentions containing it), relations (id, type, head, tail, sentence)"),
            ("`ner`", "sentence",
             "id, doc_id, fold, version, sentence, zone, start, end, text, tokens, token_starts, "
             "token_ends, `ner_tags` (ClassLabel sequence, IOB2 over the outermost mentions, 21 "
             "types), `ner_tags_coarse` (ClassLabel sequence, IOB2 over the CAMeL four-type view)"),
            ("`re`", "sentence",
             "the sentence fields of `ner`, entities (id, type, start, end, text, token_start, "
             "token_end exclusive, parents; document offsets), relations (id, type, head, tail: "
             "entity ids)"),
        ]),
        "\nThe coarse view maps PERS→PERS, ORG→ORG, GPE/LOC/FAC→LOC, "
        "NORP/EVENT/LAW/PRODUCT/LANGUAGE→MISC, drops the other types, then keeps the outermost "
        "mentions. Relation directions: head → tail as in `GUIDELINES.md`; MEET is symmetric "
        "and stored once with the earlier mention as head.\n\n",
        "## Statistics\n\n",
        _table(("document", "sentences", "tokens", "mentions", "relations", "fold"), per_doc),
        "\n### Sentences and tokens per zone\n\n",
        _table(("zone", "sentences", "tokens"), [(z, zone_sent[z], zone_tok[z]) for z in schema.zones]),
        "\n### Entity mentions per type\n\n",
        _table(
            ("type", "all zones", "body"),
            [(t, ent_all[t], ent_body[t]) for t in schema.entity_types]
            + [("**total**", n_ent, sum(ent_body.values()))],
        ),
        f"\nNesting: {nested} of {n_ent} mentions ({nested / max(n_ent, 1):.1%}) lie inside another "
        f"mention; {containing} mentions contain at least one other.\n\n",
        "### Relations per type\n\n",
        _table(
            ("type", "all zones", "body"),
            [(t, rel_all[t], rel_body[t]) for t in schema.relation_types]
            + [("**total**", sum(rel_all.values()), sum(rel_body.values()))],
        ),
        "\n## Annotation process and agreement\n\n"
        "Each document was annotated twice, by two annotators working independently from the "
        "same guidelines (passes A and B, kept in `passes/a` and `passes/b`). Every "
        "disagreement was then adjudicated sentence by sentence against the guidelines to give "
        "the gold in `annotations/`; a final review of every sentence added the few mentions "
        "and relations both passes had missed. The decisions, each with its reason, are in "
        "`passes/decisions/`, and `python -m dataset.adjudicate merge --check` verifies that "
        "the gold is exactly the agreed annotations changed by them. The table gives, per document, strict entity F1 "
        "(start, end, type) and strict relation F1 (both arguments' spans and types and the "
        "label; MEET without direction) between the two passes before adjudication, and of "
        "each pass against the adjudicated gold. The build recomputes it from the committed "
        "files.\n\n"
        + _versions_note(version),
        _table(AGREEMENT_HEADER, agreement),
        "\n## Source data and licensing\n\n"
        "The texts are five Arabic news articles as published on news websites in 2023–2025, "
        "reproduced byte for byte (`seeds/`) for research use in evaluating language "
        "technology; copyright in the texts remains with their publishers. Do not redistribute "
        "the texts for other purposes. The annotations (offsets, types, relations, zones, "
        "guidelines) are released under CC BY 4.0.\n\n"
        "## Considerations\n\n"
        "- Five documents on one topic (Japan–US security relations) make a small, topically "
        "narrow test set: report the bootstrap confidence intervals the harness computes, and "
        "do not tune on it.\n"
        "- Boilerplate zones hold site chrome with many mentions; report body-only scores "
        "beside whole-document ones.\n"
        "- Arabic text is kept raw: no normalisation of alef, yaa or taa marbuta, no diacritic "
        "or tatweel removal. Systems that normalise must map offsets back.\n\n"
        "## Citation\n\n"
        "```bibtex\n"
        "@misc{tahalof2026,\n"
        "  title  = {Tahalof: An Arabic News Benchmark for Nested Named-Entity Recognition and Relation Extraction},\n"
        "  author = {{The Tahalof authors}},\n"
        "  year   = {2026},\n"
        f"  note   = {{Dataset version {version}}}\n"
        "}\n"
        "```\n",
    ]
    return "".join(parts)
