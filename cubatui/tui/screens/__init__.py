"""Screens pushed over the reader (help, note editor, notes list, ...)."""
