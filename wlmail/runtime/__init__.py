"""Evaluation: values, compiler to closures, runtime state and the host seam."""
