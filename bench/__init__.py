"""Benchmarks and quality scores."""
