"""Loaders: input files -> validated batches of graph.model records.

A format is one module that reads a file into sections of records (`loaders.records`,
`loaders.segment_row`): `refi_project` and `refi_codebook` (REFI-QDA), `tabular_files` with
`tabular_layouts` (CSV/XLSX: generic, MAXQDA, ATLAS.ti, NVivo, QualCoder, Taguette, attributes,
or a `mapping`), `jsonl` (the native format, also written by `themegraph export`).
`loaders.segments` validates records against the study's codebook and builds one batch;
`loaders.pipeline` runs files through both, checking every file before writing any.
"""
