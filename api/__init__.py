"""Entry points: the FastAPI app and the `themegraph` command line."""
