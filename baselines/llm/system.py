"""The ``llm`` system: a chat model through any OpenAI-compatible endpoint, scored like every other system.

    evaluate run llm --system-arg endpoint=http://localhost:8000/v1 --system-arg model=NAME \\
        --system-arg cache=results/llm-cache.jsonl --out results/llm.json

One request per sentence (``unit=sentence``, the default) or per document
(``unit=document``). The answer is read as JSON under the server's structured
output (``output=json_schema``: ``response_format`` with the schema of
:func:`baselines.llm.prompt.output_schema`) or tolerantly from plain text
(``output=text``), and both modes are recorded, since the format itself costs
points. Mention strings are aligned to offsets (:mod:`baselines.llm.align`);
what cannot be aligned, typed or related is counted in the record
(``system.alignment``: counts, rate, reasons, every failure) and listed by
``--report``. Every request and response goes through the content-addressed
cache (:mod:`baselines.llm.cache`): a run whose requests are all cached makes
no network call and gives the identical record, so a committed cache lets
``evaluate reproduce`` verify a row offline.

System arguments (environment variable in brackets): ``endpoint``
(``TAHALOF_LLM_ENDPOINT``), ``model`` (``TAHALOF_LLM_MODEL``), ``api_key_env``
(the name of the variable holding the key, default ``TAHALOF_LLM_API_KEY``; a
key is never a system argument, so it never reaches a record), ``temperature``
(0), ``seed`` (0), ``max_tokens`` (2048), ``unit``, ``output``, ``cache``
(default: ``llm-cache.jsonl`` in the cache folder), ``concurrency`` (4),
``retries`` (4), ``timeout`` (120 s), ``offline`` (false: fail on a request
that is not cached), ``price_in`` / ``price_out`` (per million tokens, for a
cost estimate).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from baselines.llm.align import STAGES, align_mentions
from baselines.llm.cache import ResponseCache
from baselines.llm.client import Endpoint, complete_all
from baselines.llm.parse import Malformed, read_answer
from baselines.llm.prompt import build_messages, output_schema, prompt_checksum
from harness.core.errors import InputError, Problem
from harness.core.paths import cache_dir
from harness.core.schema import load_schema
from harness.core.types import Document, Prediction, Relation, Span
from harness.systems.api import Readiness, SystemInfo

UNITS = ("sentence", "document")
OUTPUTS = ("json_schema", "text")
INSTALL = "pip install 'tahalof[llm]'"


def _number(value, name: str, kind=float):
    try:
        return kind(value)
    except (TypeError, ValueError):
        raise InputError(Problem("<system llm>", None, None, name, f"a {kind.__name__}", value)) from None


def _choice(value: str, name: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise InputError(Problem("<system llm>", None, None, name, f"one of {list(allowed)}", value))
    return value


class LlmSystem:
    """Joint NER and RE by a prompted chat model."""

    info = SystemInfo(kind="LLM (prompted, few-shot)", training_data="none (few-shot examples written for the prompt)",
                      description="a chat model behind an OpenAI-compatible endpoint (--system-arg endpoint=URL "
                                  "model=NAME), cached and replayable offline",
                      requires=("httpx",), install=INSTALL, outputs=("ner", "re"))
    supports_given_gold = False

    @classmethod
    def readiness(cls, endpoint: str | None = None, model: str | None = None, **_: object) -> Readiness:
        """Ready when an endpoint and a model are named (whether the server answers is known only by asking)."""
        if not (endpoint or os.environ.get("TAHALOF_LLM_ENDPOINT")):
            return Readiness(False, "an OpenAI-compatible endpoint",
                             "--system-arg endpoint=URL (or TAHALOF_LLM_ENDPOINT), e.g. a vLLM or llama.cpp server")
        if not (model or os.environ.get("TAHALOF_LLM_MODEL")):
            return Readiness(False, "a model name", "--system-arg model=NAME (or TAHALOF_LLM_MODEL)")
        return Readiness.ok()

    def __init__(self, endpoint: str | None = None, model: str | None = None, api_key_env: str = "TAHALOF_LLM_API_KEY",
                 temperature: object = 0, seed: object = 0, max_tokens: object = 2048, unit: str = "sentence",
                 output: str = "json_schema", cache: str | None = None, concurrency: object = 4, retries: object = 4,
                 timeout: object = 120, offline: bool = False, price_in: object = None, price_out: object = None):
        url = endpoint or os.environ.get("TAHALOF_LLM_ENDPOINT") or ""
        self.model = model or os.environ.get("TAHALOF_LLM_MODEL") or ""
        if not url or not self.model:
            fix = self.readiness(endpoint, model)
            raise InputError(Problem("<system llm>", None, None, "endpoint" if not url else "model",
                                     fix.missing, "<not given>", fix.fix))
        self.endpoint = Endpoint(url, os.environ.get(str(api_key_env), ""), _number(timeout, "timeout"),
                                 _number(retries, "retries", int), concurrency=_number(concurrency, "concurrency", int),
                                 offline=bool(offline) or os.environ.get("TAHALOF_LLM_OFFLINE") == "1")
        self.params = {"temperature": _number(temperature, "temperature"), "seed": _number(seed, "seed", int),
                       "max_tokens": _number(max_tokens, "max_tokens", int)}
        self.unit = _choice(unit, "unit", UNITS)
        self.output = _choice(output, "output", OUTPUTS)
        self.cache = ResponseCache(Path(cache) if cache else cache_dir() / "llm-cache.jsonl")
        self.prices = (None if price_in is None else _number(price_in, "price_in"),
                       None if price_out is None else _number(price_out, "price_out"))
        self.record_meta: dict = {}

    def request(self, sentences: Sequence[str]) -> dict:
        """The request for one sentence (or one document's sentences)."""
        request = {"model": self.model, "messages": build_messages(sentences, self.unit), **self.params}
        if self.output == "json_schema":
            request["response_format"] = {"type": "json_schema", "json_schema": {
                "name": "entities_and_relations", "strict": True, "schema": output_schema()}}
        return request

    def predict(self, documents: Sequence[Document], gold_spans=None) -> list[Prediction]:
        """Ask (or replay) every request, align the answers, and keep the statistics for the record."""
        schema = load_schema()
        units = []  # (document index, sentence indices of the request)
        for k, doc in enumerate(documents):
            groups = [[i] for i in range(len(doc.sentences))] if self.unit == "sentence" \
                else [list(range(len(doc.sentences)))]
            units += [(k, g) for g in groups if g]
        texts = [[documents[k].text[documents[k].sentences[i].start:documents[k].sentences[i].end] for i in g]
                 for k, g in units]
        entries = complete_all(self.endpoint, [self.request(t) for t in texts], self.cache)
        spans = [set() for _ in documents]
        relations = [set() for _ in documents]
        failures, stages, malformed, rel_dropped = [], Counter(), 0, Counter()
        n_mentions = n_relations = 0
        for (k, group), entry in zip(units, entries):
            doc = documents[k]
            try:
                content = entry["response"]["choices"][0]["message"]["content"] or ""
                ents, rels = read_answer(content, self.output)
            except (Malformed, KeyError, IndexError, TypeError) as exc:
                malformed += 1
                failures.append({"doc_id": doc.id, "sentence": group[0], "text": "", "type": "",
                                 "reason": f"malformed answer: {exc}"[:200]})
                continue
            n_mentions += len(ents)
            n_relations += len(rels)
            placed: dict[int, Span] = {}
            by_sentence: dict[int, list] = {}
            for index, (text, typ, occurrence, sentence) in enumerate(ents):
                where = group[0] if self.unit == "sentence" else sentence
                if typ not in schema.entity_types:
                    failures.append({"doc_id": doc.id, "sentence": group[0] if where is None else where,
                                     "text": text, "type": typ, "reason": "not one of the 21 types"})
                elif where is None or where not in group:
                    failures.append({"doc_id": doc.id, "sentence": group[0], "text": text, "type": typ,
                                     "reason": f"no sentence {where} in the request"})
                else:
                    by_sentence.setdefault(where, []).append((index, text, typ, occurrence))
            for i, items in sorted(by_sentence.items()):
                s = doc.sentences[i]
                found = align_mentions(doc.text[s.start:s.end], s.start, doc.sentence_tokens(i),
                                       [(t, ty, o) for _, t, ty, o in items])
                for a in found.aligned:
                    placed[items[a.index][0]] = Span(a.start, a.end, a.type)
                    stages[a.stage] += 1
                failures += [{"doc_id": doc.id, "sentence": i, "text": f.text, "type": f.type, "reason": f.reason}
                             for f in found.failed]
            spans[k].update(placed.values())
            for head, tail, typ in rels:
                if typ not in schema.relation_types:
                    rel_dropped["not one of the 8 relation types"] += 1
                elif head not in placed or tail not in placed:
                    rel_dropped["an argument not aligned (or not an entity index)"] += 1
                elif placed[head] == placed[tail]:
                    rel_dropped["both arguments the same mention"] += 1
                else:
                    relations[k].add(Relation(placed[head], placed[tail], typ, schema.relation(typ).symmetric))
        self._record_meta(entries, n_mentions, failures, stages, malformed, n_relations, rel_dropped, len(units))
        return [Prediction(d.id, tuple(sorted(spans[k])), tuple(sorted(relations[k], key=lambda r: r.key())))
                for k, d in enumerate(documents)]

    def _record_meta(self, entries, n_mentions, failures, stages, malformed, n_relations, rel_dropped, n_requests):
        usage = [e["response"].get("usage") or {} for e in entries]
        tokens_in = sum(int(u.get("prompt_tokens") or 0) for u in usage)
        tokens_out = sum(int(u.get("completion_tokens") or 0) for u in usage)
        latency = sum(float(e.get("latency_s") or 0) for e in entries)
        unplaced = [f for f in failures if f["text"] or not f["reason"].startswith("malformed")]
        cost = None
        if None not in self.prices:
            cost = round(tokens_in * self.prices[0] / 1e6 + tokens_out * self.prices[1] / 1e6, 6)
        self.record_meta = {
            "llm": {"model": self.model, **self.params, "unit": self.unit, "output": self.output,
                    "prompt_sha256": prompt_checksum(self.unit), "cache_sha256": ResponseCache.checksum(entries),
                    "requests": n_requests, "malformed_answers": malformed, "tokens_in": tokens_in,
                    "tokens_out": tokens_out, "latency_s": round(latency, 3),
                    "latency_s_per_request": round(latency / max(n_requests, 1), 3),
                    **({"cost": cost, "price_per_million_tokens": list(self.prices)} if cost is not None else {})},
            "alignment": {"mentions": n_mentions, "unaligned": len(unplaced),
                          "rate": round(len(unplaced) / n_mentions, 6) if n_mentions else 0.0,
                          "by_stage": {s: stages[s] for s in STAGES},
                          "by_reason": dict(sorted(Counter(f["reason"].split(":")[0] for f in unplaced).items())),
                          "relations": n_relations, "relations_dropped": dict(sorted(rel_dropped.items())),
                          "failures": failures},
            "note": f"{self.model} prompted few-shot through a chat-completions endpoint ({self.unit} by "
                    f"{self.unit}, {self.output} output); {len(unplaced)} of {n_mentions} returned mentions "
                    "could not be aligned to the text",
        }
