"""The analysis engine: the only package that imports spaCy (and only lazily)."""
