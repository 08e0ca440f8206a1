-- Issue 4: reminders, escalations and deadlines, sent through a sent-log.

-- One row per (person, day, kind): claimed before sending, settled after. A settled row is
-- never sent again; a claim left unsettled by a crash is taken over once it is stale.
CREATE TABLE reminder_log (
    user_id    INTEGER NOT NULL,
    day        TEXT NOT NULL,      -- the local day the message is for
    kind       TEXT NOT NULL,      -- 'report' | 'escalation' | 'deadlines'
    claimed_at TEXT NOT NULL,
    settled_at TEXT,
    outcome    TEXT,               -- 'sent' | 'blocked' | 'no_chat'
    message_id INTEGER,
    PRIMARY KEY (user_id, day, kind)
) WITHOUT ROWID;

-- People the bot cannot reach (they blocked it, or never opened a chat); cleared when they
-- write to the bot again.
CREATE TABLE unreachable (
    user_id INTEGER PRIMARY KEY,
    since   TEXT NOT NULL,
    error   TEXT NOT NULL
);

-- /mute: no reminders through ``until`` (NULL: until /unmute).
CREATE TABLE mutes (
    user_id  INTEGER PRIMARY KEY,
    muted_at TEXT NOT NULL,
    until    TEXT
);

-- Dated tasks. ``org_key`` identifies an occurrence from the organisation file, so applying
-- the file again adds nothing; tasks made in chat have none.
CREATE TABLE deadlines (
    id           INTEGER PRIMARY KEY,
    title        TEXT NOT NULL,
    due          TEXT NOT NULL,
    remind       TEXT NOT NULL,    -- days before the due date, e.g. '3,1,0'
    org_key      TEXT UNIQUE,
    created_by   INTEGER,
    created_at   TEXT NOT NULL,
    cancelled_at TEXT
);
CREATE INDEX deadlines_by_due ON deadlines (due);

-- Each branch's part of a deadline.
CREATE TABLE deadline_parts (
    deadline_id INTEGER NOT NULL REFERENCES deadlines(id),
    branch      TEXT NOT NULL,
    done_at     TEXT,
    done_by     INTEGER,
    PRIMARY KEY (deadline_id, branch)
) WITHOUT ROWID;

-- Facts about this installation: 'first_day' is the local day it first ran (no escalation
-- reaches back before it).
CREATE TABLE service_facts (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
