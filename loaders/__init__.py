"""Loaders: input files -> validated batches of graph.model records.

A format is one module yielding `SegmentRow`s; `loaders.segments` validates them against
the study's codebook and builds the batch; `loaders.pipeline` runs files through both.
"""
