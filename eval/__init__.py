"""Evaluation data and helpers (gold annotations live in eval/gold/)."""
