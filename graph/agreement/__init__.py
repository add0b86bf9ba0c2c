"""Intercoder agreement: what two coders agree on, per code and overall.

`spans` holds what a store returns (every coding of a study with its position and coders),
`stats` the statistics computed from 2x2 counts, `report` the answers built from both.
"""
