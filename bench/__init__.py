"""Benchmarks: generated data at the sizes the officer meets, and the timings (issue 9)."""
