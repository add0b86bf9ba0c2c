"""The graph layer: model records, the GraphStore protocol and its two stores.

Imports point one way: `graph` imports neither `loaders` nor `api`.
"""
