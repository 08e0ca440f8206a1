"""Every SQLite repository over one database, opened and migrated in one call."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from storage.sqlite.db import Database
from storage.sqlite.deadlines import SqliteDeadlinesRepo
from storage.sqlite.digest_log import SqliteChatMovesRepo, SqliteDigestLogRepo
from storage.sqlite.export import SqliteExportRepo
from storage.sqlite.figures import SqliteFiguresRepo
from storage.sqlite.imports import SqliteImportsRepo
from storage.sqlite.inbox import SqliteInboxRepo
from storage.sqlite.pending import SqlitePendingRepo
from storage.sqlite.people import SqlitePeopleRepo
from storage.sqlite.reminder_log import SqliteReminderLogRepo
from storage.sqlite.reports import SqliteReportsRepo
from storage.sqlite.totals import SqliteTotalsRepo
from storage.sqlite.updates import SqliteUpdatesRepo


@dataclass(frozen=True, slots=True)
class SqliteStorage:
    """The :class:`storage.Storage` bundle over one :class:`Database`."""

    database: Database
    reports: SqliteReportsRepo
    imports: SqliteImportsRepo
    pending: SqlitePendingRepo
    figures: SqliteFiguresRepo
    totals: SqliteTotalsRepo
    people: SqlitePeopleRepo
    digest_log: SqliteDigestLogRepo
    chat_moves: SqliteChatMovesRepo
    reminder_log: SqliteReminderLogRepo
    deadlines: SqliteDeadlinesRepo
    updates: SqliteUpdatesRepo
    inbox: SqliteInboxRepo
    export: SqliteExportRepo

    @classmethod
    def over(cls, database: Database) -> SqliteStorage:
        """Every repository over an open ``database``."""
        return cls(
            database=database,
            reports=SqliteReportsRepo(database),
            imports=SqliteImportsRepo(database),
            pending=SqlitePendingRepo(database),
            figures=SqliteFiguresRepo(database),
            totals=SqliteTotalsRepo(database),
            people=SqlitePeopleRepo(database),
            digest_log=SqliteDigestLogRepo(database),
            chat_moves=SqliteChatMovesRepo(database),
            reminder_log=SqliteReminderLogRepo(database),
            deadlines=SqliteDeadlinesRepo(database),
            updates=SqliteUpdatesRepo(database),
            inbox=SqliteInboxRepo(database),
            export=SqliteExportRepo(database),
        )

    async def flush(self) -> None:
        """Wait until the small writes queued for a group commit are committed."""
        await self.database.written()

    async def close(self) -> None:
        """Close the database (waits for a running transaction to finish)."""
        await self.database.close()


async def open_storage(path: Path | str) -> SqliteStorage:
    """Open (creating if needed) and migrate the database file at ``path``."""
    return SqliteStorage.over(await Database.open(path))


if TYPE_CHECKING:
    from storage import Storage

    def _is_a_storage(opened: SqliteStorage) -> Storage:
        return opened  # mypy checks the bundle, and each repository, against the protocols
