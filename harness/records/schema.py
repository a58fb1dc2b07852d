"""One schema for result records, checked on every read (``compare``, ``leaderboard``, ``reproduce``).

A record is data that other people's numbers are ranked against, so a file
that is not one (an array, ``null``, a string), is truncated, or holds values
no scorer can produce (an F1 of NaN or 7.5, negative counts, a precision that
its counts contradict) is refused with the path and field, never ranked.

>>> problems = validate({"format": "tahalof-result/1", "name": 3}, "r.json")
>>> str(problems[0])
'r.json: name: expected a string, found 3'
"""

from __future__ import annotations

import math

from harness.core.errors import Problem
from harness.scoring.engine import Parameters

TOLERANCE = 1e-9


MAX_COUNT = 2**53  # beyond what any corpus has, and what float arithmetic counts exactly


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) < MAX_COUNT


def _is_number(value: object) -> bool:
    return (isinstance(value, (int, float)) and not isinstance(value, bool)) and math.isfinite(value)


class _Checker:
    def __init__(self, path: str):
        self.path = path
        self.problems: list[Problem] = []

    def add(self, field: str, expected: str, found: object) -> None:
        if len(self.problems) < 50:
            self.problems.append(Problem(self.path, None, None, field, expected,
                                         found if _is_number(found) or isinstance(found, (str, float)) or found is None
                                         else f"<{type(found).__name__}>"))

    def mapping(self, value: object, field: str) -> dict:
        if not isinstance(value, dict):
            self.add(field, "an object", value)
            return {}
        return value

    def score(self, value: object, field: str, metric, consistent: bool = True, fields: tuple | None = None) -> None:
        """A score: numbers in range, exactly the metric's count fields (``fields`` for a macro score),
        and, when ``consistent``, precision, recall and F1 equal to what its counts give."""
        if value is None:
            return  # a view the input cannot hold
        value = self.mapping(value, field)
        for key in ("precision", "recall", "f1"):
            x = value.get(key)
            if not _is_number(x) or not 0 <= x <= 1:
                self.add(f"{field}.{key}", "a number between 0 and 1", x)
        counts = self.mapping(value.get("counts"), f"{field}.counts")
        for key, n in counts.items():
            if not _is_int(n) or n < 0:
                self.add(f"{field}.counts.{key}", "a non-negative integer", n)
        want = fields if fields is not None else (tuple(metric.fields) if metric is not None else None)
        if want is not None and set(counts) != set(want):
            self.add(f"{field}.counts", f"the counts {', '.join(want)}", f"<{', '.join(sorted(counts)) or 'none'}>")
        ci = value.get("ci")
        if ci is not None:
            for key, pair in self.mapping(ci, f"{field}.ci").items():
                if not (isinstance(pair, list) and len(pair) == 2 and all(_is_number(v) and 0 <= v <= 1 for v in pair)
                        and pair[0] <= pair[1]):
                    self.add(f"{field}.ci.{key}", "[low, high] between 0 and 1", pair)
        if consistent and metric is not None and set(metric.fields) == set(counts) and not self.problems:
            import numpy as np

            expected = metric.scores(np.array([counts[f] for f in metric.fields]))
            for key, want in zip(("precision", "recall", "f1"), expected):
                if abs(value[key] - want) > TOLERANCE:
                    self.add(f"{field}.{key}", f"{want!r} (what its counts give)", value[key])


def validate(raw: object, path: str) -> list[Problem]:
    """Every problem of a parsed record (an empty list for a valid one)."""
    from harness.records.results import METRICS, READABLE_FORMATS, RECORD_FORMAT, ZONES
    from harness.scoring.viewspec import Family

    c = _Checker(path)
    if not isinstance(raw, dict):
        c.add("record", f"a {RECORD_FORMAT} JSON object", f"<{type(raw).__name__}>")
        return c.problems
    if raw.get("format") not in READABLE_FORMATS:
        c.add("format", " or ".join(map(repr, READABLE_FORMATS)), raw.get("format"))
        return c.problems
    if not isinstance(raw.get("name"), str):
        c.add("name", "a string", raw.get("name"))
    views = c.mapping(raw.get("views"), "views")
    metric_of = {}
    for view, info in views.items():
        info = c.mapping(info, f"views.{view}")
        if info.get("metric") not in METRICS:
            c.add(f"views.{view}.metric", f"one of {sorted(METRICS)}", info.get("metric"))
        families = [f.value for f in Family]
        if info.get("family") not in families:
            c.add(f"views.{view}.family", f"one of {families}", info.get("family"))
        if not isinstance(info.get("description"), str):
            c.add(f"views.{view}.description", "a string", info.get("description"))
        parameters = c.mapping(info.get("parameters", {}), f"views.{view}.parameters")
        for key, value in parameters.items():
            if key not in Parameters.names():
                c.add(f"views.{view}.parameters.{key}", f"one of {list(Parameters.names())}", "<unknown parameter>")
            elif not _is_number(value):
                c.add(f"views.{view}.parameters.{key}", "a number", value)
            else:
                try:
                    Parameters(**{key: value})
                except ValueError as exc:
                    c.add(f"views.{view}.parameters.{key}", str(exc).split(" must be ")[-1].split(", found")[0],
                          value)
        metric_of[view] = METRICS.get(info.get("metric"))
    for part in ("overall", "macro"):
        for zone, scores in c.mapping(raw.get(part), part).items():
            for view, value in c.mapping(scores, f"{part}.{zone}").items():
                if view not in views:
                    c.add(f"{part}.{zone}", f"only the record's views ({', '.join(views)})", view)
                    continue
                if part == "overall" and value is not None and views.get(view, {}).get("absent"):
                    c.add(f"{part}.{zone}.{view}", f"null (the view is absent: {views[view]['absent']})", "<a score>")
                c.score(value, f"{part}.{zone}.{view}", metric_of.get(view), consistent=part == "overall",
                        fields=("types",) if part == "macro" else None)
    overall = raw.get("overall") if isinstance(raw.get("overall"), dict) else {}
    resamples = (raw.get("bootstrap") or {}).get("resamples") if isinstance(raw.get("bootstrap"), dict) else None
    for zone in ZONES:
        scores = overall.get(zone)
        if not isinstance(scores, dict):
            c.add(f"overall.{zone}", "every view's score (null where the input cannot hold it)", "<missing>")
            continue
        for view in views:
            if view not in scores:
                c.add(f"overall.{zone}.{view}", "a score, or null where the input cannot hold the view", "<missing>")
            elif isinstance(scores[view], dict) and _is_int(resamples):
                has_ci = scores[view].get("ci") is not None
                if has_ci != (resamples > 0):
                    c.add(f"overall.{zone}.{view}.ci", "an interval" if resamples else
                          "none (the record has 0 resamples)", "<none>" if not has_ci else "<an interval>")
    for zone, by_view in c.mapping(raw.get("per_type"), "per_type").items():
        for view, types in c.mapping(by_view, f"per_type.{zone}").items():
            if view not in views:
                c.add(f"per_type.{zone}", f"only the record's views ({', '.join(views)})", view)
                continue
            for typ, value in c.mapping(types, f"per_type.{zone}.{view}").items():
                c.score(value, f"per_type.{zone}.{view}.{typ}", metric_of.get(view))
    for zone, docs in c.mapping(raw.get("per_document", {}), "per_document").items():
        for doc, scores in c.mapping(docs, f"per_document.{zone}").items():
            for view, value in c.mapping(scores, f"per_document.{zone}.{doc}").items():
                if view not in views:
                    c.add(f"per_document.{zone}.{doc}", f"only the record's views ({', '.join(views)})", view)
                    continue
                c.score(value, f"per_document.{zone}.{doc}.{view}", metric_of.get(view))
    units = c.mapping(raw.get("units"), "units")
    ids = units.get("ids")
    if not (isinstance(ids, list) and all(isinstance(i, str) for i in ids)):
        c.add("units.ids", "a list of sentence ids", ids)
        ids = []
    elif len(set(ids)) != len(ids):
        c.add("units.ids", "each sentence id once", f"<{len(ids) - len(set(ids))} repeated>")
    for key in ("doc_ids", "zones"):
        value = units.get(key)
        if not (isinstance(value, list) and len(value) == len(ids) and all(isinstance(v, str) for v in value)):
            c.add(f"units.{key}", f"a list of {len(ids)} strings (one per unit)", value)
    counts = c.mapping(units.get("counts"), "units.counts")
    held = [v for v, info in views.items() if isinstance(info, dict) and not info.get("absent")]
    for view in held:
        if view not in counts:
            c.add(f"units.counts.{view}", "per-unit counts for every view the record holds", "<missing>")
    zones = units.get("zones")
    if isinstance(zones, list) and not set(zones) <= {"body", "boilerplate"}:
        c.add("units.zones", "'body' or 'boilerplate' per unit", "<other values>")
    for view, rows in counts.items():
        if view not in views:
            c.add("units.counts", f"only the record's views ({', '.join(views)})", view)
            continue
        width = len(metric_of[view].fields) if metric_of.get(view) else None
        if not (isinstance(rows, list) and len(rows) == len(ids) and all(
                isinstance(r, list) and (width is None or len(r) == width) and all(_is_int(n) and n >= 0 for n in r)
                for r in rows)):
            c.add(f"units.counts.{view}", f"{len(ids)} rows of {width or 'k'} non-negative integers", "<other>")
            continue
        _totals_match(c, raw, view, rows, units.get("zones"), metric_of[view])
    boot = c.mapping(raw.get("bootstrap"), "bootstrap")
    if not (_is_int(boot.get("resamples")) and boot["resamples"] >= 0):
        c.add("bootstrap.resamples", "a non-negative integer", boot.get("resamples"))
    if not _is_int(boot.get("seed")):
        c.add("bootstrap.seed", "an integer", boot.get("seed"))
    confidence = boot.get("confidence", 0.95)
    if not _is_number(confidence) or not 0 < confidence < 1:
        c.add("bootstrap.confidence", "a number between 0 and 1", confidence)
    from harness.scoring.bootstrap import POLICIES

    if boot.get("draw", "multinomial") not in POLICIES:
        c.add("bootstrap.draw", f"one of {sorted(POLICIES)}", boot.get("draw"))
    if not isinstance(boot.get("unit"), dict) or boot["unit"].get("re") not in ("sentence", "document"):
        c.add("bootstrap.unit.re", "'sentence' or 'document'", (boot.get("unit") or {}).get("re")
              if isinstance(boot.get("unit"), dict) else boot.get("unit"))
    c.mapping(raw.get("system"), "system")
    prov = c.mapping(raw.get("provenance"), "provenance")
    from harness.records.provenance import Provenance

    known = Provenance.__dataclass_fields__
    for key in sorted(set(prov) - set(known)):
        c.add(f"provenance.{key}", f"one of the provenance fields ({', '.join(known)})", "<unknown field>")
    for key in ("seed", "resamples"):
        if key in prov and not _is_int(prov[key]):
            c.add(f"provenance.{key}", "an integer", prov[key])
    for key in ("dataset_version", "dataset_checksum", "command"):
        if key in prov and not isinstance(prov[key], str):
            c.add(f"provenance.{key}", "a string", prov[key])
    return c.problems


def _totals_match(c: _Checker, raw: dict, view: str, rows: list, zones, metric) -> None:
    """A view's overall counts in each zone must be the sums of its per-unit counts (what ``compare`` and
    the leaderboard's paired test resample): a record whose headline and units disagree is refused."""
    if metric is None or not isinstance(zones, list) or c.problems:
        return
    for zone, scores in (raw.get("overall") or {}).items():
        score = scores.get(view) if isinstance(scores, dict) else None
        if not isinstance(score, dict) or not isinstance(score.get("counts"), dict):
            continue
        keep = [r for r, z in zip(rows, zones) if zone == "all" or z == zone]
        sums = [sum(r[i] for r in keep) for i in range(len(metric.fields))]
        stated = [score["counts"].get(f) for f in metric.fields]
        if sums != stated:
            c.add(f"overall.{zone}.{view}.counts", f"{dict(zip(metric.fields, sums))} (the sums of its per-unit "
                  "counts)", f"<{dict(zip(metric.fields, stated))}>")
