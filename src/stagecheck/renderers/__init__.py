"""Renderers: each turns the one result record into one output format; what they share is in
`render.base`, which format each draws in `render.registry`."""
