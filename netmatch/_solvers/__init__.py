"""Solvers on plain arrays: b-matching, generalized assignment, stable matching (no registry, no pandas, no files)."""
