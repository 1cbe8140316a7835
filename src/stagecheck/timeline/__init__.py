"""Reviews over time: a file read at a git revision, two reviews compared, a file's history."""
