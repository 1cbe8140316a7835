"""Writing and reading partnership files by hand: init (template), interview, explain, and
YAML edits that keep comments."""
