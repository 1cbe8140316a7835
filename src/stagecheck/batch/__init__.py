"""Many files: discovery, scoring in worker processes, and the small per-file rows and summary
the portfolio views read."""
