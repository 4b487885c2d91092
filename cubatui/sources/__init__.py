"""Where articles come from: files, stdin, web pages and feeds.

httpx, trafilatura and feedparser are imported only when a URL, an HTML file or a
feed needs them, so plain-text articles load without them.
"""

from cubatui.sources.errors import SourceError
from cubatui.sources.load import load_source

__all__ = ["SourceError", "load_source"]
