"""What rubric authors run: checks reported as diagnostics, regression and fidelity tests,
diff, docs and JSON Schemas."""
