-- Branches added, renamed or closed in chat. The organisation file is the seed; these
-- changes are applied over it in order at every start-up, so a restart never undoes them.
-- Append-only: the log is also who changed which branch, and when.
CREATE TABLE branch_changes (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL REFERENCES branches(code),
    action     TEXT NOT NULL CHECK (action IN ('add', 'rename', 'close')),
    name       TEXT,                            -- add, rename: the name it has from now on
    kind       TEXT,                            -- add
    parent     TEXT,                            -- add: the branch above it (a code)
    day        TEXT,                            -- add: its first day open; close: first day closed
    previous   TEXT,                            -- rename: the name it had before
    changed_by INTEGER NOT NULL,                -- Telegram user id of the admin
    changed_at TEXT NOT NULL,
    update_id  INTEGER UNIQUE                   -- the command's update: handled again (its
                                                -- answer failed), it answers, changes nothing
);
CREATE TRIGGER branch_changes_append_only_update BEFORE UPDATE ON branch_changes
BEGIN SELECT RAISE(ABORT, 'branch_changes is append-only'); END;
CREATE TRIGGER branch_changes_append_only_delete BEFORE DELETE ON branch_changes
BEGIN SELECT RAISE(ABORT, 'branch_changes is append-only'); END;
