"""The local library: every article opened, its analyses (the cache), feeds.

SQLite in the data dir; no textual or spacy imports here.
"""

from cubatui.library.store import ActorAppearance, ArticleRecord, FeedRecord, EntryRecord, Library, LibraryError

__all__ = ["ActorAppearance", "ArticleRecord", "EntryRecord", "FeedRecord", "Library", "LibraryError"]
