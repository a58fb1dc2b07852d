"""Scoring: every view declared once (:mod:`harness.scoring.viewspec`), counted from one columnar table.

Importing this package declares the benchmark's views; each module below adds
its own to :data:`harness.scoring.viewspec.VIEWS`:

- :mod:`harness.scoring.ner`: strict, boundary, flat, coarse;
- :mod:`harness.scoring.wojood`: the Wojood papers' nested score;
- :mod:`harness.scoring.partial`: the SemEval-2013 family (nervaluate);
- :mod:`harness.scoring.textviews`: the opt-in Arabic-aware views;
- :mod:`harness.scoring.relations`: the relation views;

then the views other installed distributions declare in the ``tahalof.views``
entry-point group (:func:`harness.scoring.viewspec.load_plugins`); one that
cannot be loaded is reported on standard error and left out.
"""

import sys

from harness.scoring import ner, partial, relations, textviews, wojood  # noqa: F401  (they declare the views)
from harness.scoring.viewspec import load_plugins

for _note in load_plugins():
    print(_note, file=sys.stderr)
