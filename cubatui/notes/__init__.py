"""Reader notes on articles: the domain, SQLite storage, anchoring, export and import.

No textual, no spacy here: the CLI and the TUI both use this package."""

from cubatui.notes.model import (AnchoredNote, ArticleRecord, Note, NoteDraft, TextPositionSelector,
                                 TextQuoteSelector, parse_tags)
from cubatui.notes.store import NoteStore, NotesStoreError, NotesStoreRecovered

__all__ = ["AnchoredNote", "ArticleRecord", "Note", "NoteDraft", "NoteStore", "NotesStoreError",
           "NotesStoreRecovered", "TextPositionSelector", "TextQuoteSelector", "parse_tags"]
