"""Indicator engine: pure functions on long-form observation frames (see data/frames.py).

Modules: periods, reasons, formatting, cube (dense numpy layout shared by the engine),
growth, cumulative, derived, ranking, shares, targets, index, sentences, pipeline.
No Dash imports here; catalogue and region frames are always passed in as arguments.
"""
