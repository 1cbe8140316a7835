"""The core pipeline: everything needed to score one file (load, validate, score, record),
and the rubric format it scores with."""
