"""Baseline systems. Importing this package registers the light ones; heavy
ones are declared lazily in :mod:`baselines.lazy`."""

from baselines import crf, lazy, relogreg, rules, trivial  # noqa: F401  (registration side effects)
