"""The SQLite implementation of the storage protocols: a writer thread with group commit,
an aiosqlite reader, WAL, numbered migrations."""

from storage.sqlite.storage import SqliteStorage, open_storage

__all__ = ["SqliteStorage", "open_storage"]
