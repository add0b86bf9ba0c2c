"""The `themegraph` command line: one module per group of commands, wired in `main`."""
