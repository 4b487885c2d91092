"""Where articles come from: files, stdin (and, later, web pages and feeds)."""

from cubatui.sources.errors import SourceError
from cubatui.sources.load import load_source

__all__ = ["SourceError", "load_source"]
