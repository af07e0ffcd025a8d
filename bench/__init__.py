"""Benchmarks and synthetic data (see docs/benchmarks.md)."""
