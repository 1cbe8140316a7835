"""Renderers: each turns the one result record into one output format (see stagecheck.formats)."""
