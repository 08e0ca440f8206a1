"""The SQLite implementation of the storage protocols: aiosqlite, WAL, numbered migrations."""

from storage.sqlite.storage import SqliteStorage, open_storage

__all__ = ["SqliteStorage", "open_storage"]
