"""Fact extractors: pure modules, text in, rows out (no Dagster, no I/O).

Each module defines TABLE (its table name), SCHEMA (column -> Polars type), SORT_KEY and
`extract(doc: Doc) -> list[dict]`. Adding a fact table means one module here, one expectation
suite and one view.
"""
