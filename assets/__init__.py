"""Thin Dagster assets: each wires a pure function of `baochi` to files in the warehouse."""
