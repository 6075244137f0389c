"""Benchmarks (not run by CI); each prints its figures beside what they compare with."""
