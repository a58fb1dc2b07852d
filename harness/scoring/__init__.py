"""Scorers: pure functions over (gold, predicted) pairs."""
