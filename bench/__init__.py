"""Benchmarks: whole-process timings and figures on the dev sets, printed side by side.

Run each as a module from the repository root, e.g. `python -m bench.trust`.
"""
