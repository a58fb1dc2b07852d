"""``rules``: gazetteers and patterns for NER, patterns for relations.

Resources (``resources/*.yaml``) are general knowledge, each file saying where
its lists come from; nothing is harvested from the benchmark's gold. The
system works sentence by sentence on the benchmark's canonical tokens.
"""

from __future__ import annotations

from collections.abc import Sequence

from baselines.rules.lexicon import load_lexicon
from baselines.rules.ner import Candidate, SentenceRules, resolve
from baselines.rules.relations import find_relations
from harness.core.schema import load_schema
from harness.core.progress import Bar
from harness.core.types import Document, Prediction, Relation, Span
from harness.systems.api import SystemInfo


def sentence_mentions(words: list[str], text: str = "", offsets=None) -> list[Candidate]:
    """The resolved mentions of one tokenised sentence."""
    return resolve(SentenceRules(words, load_lexicon(), text, offsets).run())


class RuleSystem:
    """The rule-based baseline."""

    info = SystemInfo(kind="rule-based", training_data="none (general-knowledge gazetteers)",
                      description="gazetteers and token patterns for NER; patterns for relations",
                      outputs=("ner", "re"))
    supports_given_gold = False

    def predict(self, documents: Sequence[Document], gold_spans=None) -> list[Prediction]:
        """Mentions and relations of every sentence of every document."""
        symmetric = {name: spec.symmetric for name, spec in load_schema().relations.items()}
        out = []
        bar = Bar("rules", sum(len(d.sentences) for d in documents), "sentence")
        for doc in documents:
            spans: set[Span] = set()
            relations: list[Relation] = []
            for index, sentence in enumerate(doc.sentences):
                tokens = doc.sentence_tokens(index)
                words = [t.text for t in tokens]
                mentions = sentence_mentions(words, doc.text[sentence.start:sentence.end],
                                             [(t.start, t.end) for t in tokens])

                def span(m: Candidate) -> Span:
                    return Span(tokens[m.first].start, tokens[m.last - 1].end, m.type)

                spans.update(span(m) for m in mentions)
                bar.update()
                relations += [Relation(span(h), span(t), typ, symmetric[typ])
                              for h, t, typ in find_relations(words, mentions)]
            out.append(Prediction(doc.id, tuple(sorted(spans)), tuple(relations)))
        bar.close()
        return out
