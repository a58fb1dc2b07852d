"""The committed gold: sources, build, dataset configs, checksums."""

from __future__ import annotations

import filecmp
import subprocess
import sys

import datasets
import pytest

from dataset.adjudicate import merged_text
from dataset.sources import ANNOTATIONS_DIR, load_all
from dataset.writer import CHECKSUMS_NAME, CONFIGS, build, data_file
from harness.gold.data import load_gold, verify_checksums
from harness.core.schema import load_schema
from harness.core.views import coarse, iob2_labels, outermost, to_iob2
from tests.conftest import DOC_IDS, ROOT, SHARED

DATASET = ROOT / "dataset"


def test_seeds_are_byte_identical_to_the_shared_originals():
    if not (SHARED / "seeds").is_dir():
        pytest.skip("../shared/seeds is not beside the checkout")
    originals = sorted(p.name for p in (SHARED / "seeds").glob("*.txt"))
    assert originals == sorted(p.name for p in (ROOT / "seeds").glob("*.txt"))
    for name in originals:
        assert (ROOT / "seeds" / name).read_bytes() == (SHARED / "seeds" / name).read_bytes()


def test_gold_validates():
    docs = load_all()
    assert [d.doc_id for d in docs] == DOC_IDS
    assert all(d.entities for d in docs)


def test_every_gold_span_equals_its_raw_text_slice():
    docs, _ = load_gold()
    assert len(docs) == 5
    n = 0
    for doc in docs:
        rows = {(e.start, e.end, e.type) for e in doc.spans}
        assert rows, doc.id
        for span in doc.spans:
            assert 0 <= span.start < span.end <= len(doc.text)
        n += len(rows)
    # the parquet entity texts, as stored, equal the slices too
    table = datasets.load_dataset(str(DATASET), "documents", split="test", download_mode="force_redownload")
    for row in table:
        for e in row["entities"]:
            assert row["text"][e["start"]:e["end"]] == e["text"]
    assert n == sum(len(r["entities"]) for r in table)


def test_gold_equals_the_merge_of_the_passes_and_decisions():
    for doc_id in DOC_IDS:
        assert (ANNOTATIONS_DIR / f"{doc_id}.ann").read_text(encoding="utf-8") == merged_text(doc_id)


def test_building_twice_is_byte_identical_and_matches_the_committed_files(tmp_path):
    docs = load_all()
    for out in (tmp_path / "one", tmp_path / "two"):
        build(docs, out_dir=out, passes_dir=DATASET / "passes")
    for name in [data_file(c) for c in CONFIGS] + ["README.md", CHECKSUMS_NAME]:
        assert filecmp.cmp(tmp_path / "one" / name, tmp_path / "two" / name, shallow=False), name
        assert filecmp.cmp(tmp_path / "one" / name, DATASET / name, shallow=False), (
            f"dataset/{name} is stale: run python -m dataset.build"
        )


def test_checksums_verify():
    digests = verify_checksums(DATASET)
    assert sorted(digests) == sorted(data_file(c) for c in CONFIGS)


def test_configs_load_offline_from_another_directory(tmp_path):
    code = (
        "import datasets as d, sys\n"
        "p = sys.argv[1]\n"
        "x = d.load_dataset(p, 'documents', split='test'); print(len(x))\n"
        "n = d.load_dataset(p, 'ner', split='test')\n"
        "print(type(n.features['ner_tags'].feature).__name__)\n"
        "r = d.load_dataset(p, 're', split='test'); print(len(r) == len(n))\n"
    )
    env = {"HF_DATASETS_OFFLINE": "1", "HF_HUB_OFFLINE": "1", "HF_HOME": str(tmp_path / "hf"), "PATH": ""}
    out = subprocess.run(
        [sys.executable, "-c", code, str(DATASET)], cwd=tmp_path, env=env, capture_output=True, text=True,
        check=True,
    )
    assert out.stdout.split() == ["5", "ClassLabel", "True"]


def test_ner_config_tags_are_outermost_and_coarse_views():
    schema = load_schema()
    docs, _ = load_gold()
    ner = datasets.load_dataset(str(DATASET), "ner", split="test", download_mode="force_redownload")
    names = ner.features["ner_tags"].feature.names
    coarse_names = ner.features["ner_tags_coarse"].feature.names
    assert names == iob2_labels(schema.entity_types)
    assert coarse_names == iob2_labels(schema.coarse_types)
    by_doc = {d.id: d for d in docs}
    for row in ner:
        doc = by_doc[row["doc_id"]]
        sent = doc.sentences[row["sentence"]]
        tokens = doc.sentence_tokens(row["sentence"])
        assert row["tokens"] == [t.text for t in tokens]
        mentions = [(s.start, s.end, s.type) for s in doc.spans if sent.start <= s.start and s.end <= sent.end]
        assert [names[i] for i in row["ner_tags"]] == to_iob2(outermost(mentions), tokens)
        assert [coarse_names[i] for i in row["ner_tags_coarse"]] == to_iob2(coarse(mentions, schema.coarse_map), tokens)
        assert row["zone"] == sent.zone


def test_re_config_holds_every_relation_once():
    docs, _ = load_gold()
    by_doc = {d.id: d for d in docs}
    re_rows = datasets.load_dataset(str(DATASET), "re", split="test", download_mode="force_redownload")
    assert sum(len(r["relations"]) for r in re_rows) == sum(len(d.relations) for d in docs)
    assert sum(len(r["entities"]) for r in re_rows) == sum(len(d.spans) for d in docs)
    for row in re_rows:
        tokens = by_doc[row["doc_id"]].tokens
        ids = {e["id"] for e in row["entities"]}
        for rel in row["relations"]:
            assert rel["head"] in ids and rel["tail"] in ids
        for e in row["entities"]:
            assert tokens[e["token_start"]].start == e["start"]
            assert tokens[e["token_end"] - 1].end == e["end"]
            assert row["start"] <= e["start"] < e["end"] <= row["end"]


def test_folds_are_leave_one_document_out():
    docs = datasets.load_dataset(str(DATASET), "documents", split="test", download_mode="force_redownload")
    assert sorted(docs["fold"]) == list(range(5))
    assert set(docs["version"]) == {"1.1.0"}


def test_readme_figures_match_the_gold():
    docs, _ = load_gold()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    n_spans = sum(len(d.spans) for d in docs)
    nested = sum(1 for d in docs for s in d.spans if any(o != s and o.start <= s.start and s.end <= o.end for o in d.spans))
    assert f"| mentions | {n_spans}, 21 types, {nested / n_spans:.1%} nested" in readme
    assert f"| relations | {sum(len(d.relations) for d in docs)}, 8 types" in readme
    assert f"| tokens | {sum(len(d.tokens) for d in docs):,} " in readme
    assert f"| sentences | {sum(len(d.sentences) for d in docs)} " in readme
