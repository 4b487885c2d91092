"""cubatui: a terminal news reader that shows who says what, and where."""

__version__ = "0.1.0"
