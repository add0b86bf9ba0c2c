"""The explorer: server-rendered pages over the same store reads as the JSON API (/explore/...).

    facts.py      what the pages read about one study, and their forms' choices
    render.py     the Jinja2 environment, the shared header, the CSP, error pages, the assets
    highlight.py  search words marked in a quote, by the search's own rules
    networks.py   the data the graph and co-occurrence pages draw
    templates/    the pages (autoescaped)          static/   CSS and the networks' scripts

The routes are api.routes.explore (studies, a study, an expert, a code), explore_tables
(matrix, quotes) and explore_networks (graph, co-occurrence).
"""
