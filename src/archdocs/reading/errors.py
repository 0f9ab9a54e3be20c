"""The one error of the reading stage that callers handle."""


class SourceError(Exception):
    """A source that cannot be read at all (missing path, not a repository, unknown revision)."""
