class SourceError(Exception):
    """A source that cannot be turned into an article; the message is one line for the user."""
