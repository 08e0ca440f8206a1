-- The reporting loop: branches, people, one value per (branch, day, metric), the audit
-- trail of every change, closures, pending confirmations, invites, handled updates.

CREATE TABLE branches (
    code            TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    kind            TEXT NOT NULL,
    parent          TEXT REFERENCES branches(code),
    closed_weekdays TEXT NOT NULL DEFAULT '',   -- comma-separated ints, 0 = Monday
    active          INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE staff (
    user_id    INTEGER PRIMARY KEY,             -- Telegram user id
    name       TEXT NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('staff', 'manager', 'admin')),
    locale     TEXT,
    source     TEXT NOT NULL CHECK (source IN ('org', 'invite')),
    active     INTEGER NOT NULL DEFAULT 1,
    joined_at  TEXT NOT NULL
);

CREATE TABLE staff_branches (
    user_id INTEGER NOT NULL REFERENCES staff(user_id) ON DELETE CASCADE,
    branch  TEXT NOT NULL REFERENCES branches(code),
    PRIMARY KEY (user_id, branch)
) WITHOUT ROWID;

-- One report = one message (or its later edits); figures point back to it.
CREATE TABLE reports (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL,
    branch      TEXT NOT NULL REFERENCES branches(code),
    day         TEXT NOT NULL,                  -- ISO date the figures belong to
    chat_id     INTEGER NOT NULL,
    message_id  INTEGER NOT NULL,
    revision    INTEGER NOT NULL,               -- unix time of the message or of its latest edit applied
    created_at  TEXT NOT NULL,
    undone_at   TEXT
);
CREATE UNIQUE INDEX reports_by_message ON reports (chat_id, message_id);
CREATE INDEX reports_by_user ON reports (user_id, id);

CREATE TABLE figures (
    branch     TEXT NOT NULL REFERENCES branches(code),
    day        TEXT NOT NULL,
    metric     TEXT NOT NULL,
    value      INTEGER NOT NULL,
    report_id  INTEGER REFERENCES reports(id),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (branch, day, metric)
) WITHOUT ROWID;
CREATE INDEX figures_by_metric_day ON figures (metric, day, branch, value);

-- Append-only: every change of a figure, old -> new (NULL = no value).
CREATE TABLE figure_history (
    id          INTEGER PRIMARY KEY,
    branch      TEXT NOT NULL,
    day         TEXT NOT NULL,
    metric      TEXT NOT NULL,
    old_value   INTEGER,
    new_value   INTEGER,
    action      TEXT NOT NULL CHECK (action IN ('report', 'edit', 'undo', 'import')),
    report_id   INTEGER REFERENCES reports(id),
    changed_by  INTEGER NOT NULL,
    changed_at  TEXT NOT NULL,
    chat_id     INTEGER,
    message_id  INTEGER
);
CREATE INDEX figure_history_by_report ON figure_history (report_id);
CREATE TRIGGER figure_history_append_only_update BEFORE UPDATE ON figure_history
BEGIN SELECT RAISE(ABORT, 'figure_history is append-only'); END;
CREATE TRIGGER figure_history_append_only_delete BEFORE DELETE ON figure_history
BEGIN SELECT RAISE(ABORT, 'figure_history is append-only'); END;

CREATE TABLE closures (
    branch      TEXT NOT NULL REFERENCES branches(code),
    day         TEXT NOT NULL,
    report_id   INTEGER REFERENCES reports(id),
    reported_by INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (branch, day)
) WITHOUT ROWID;

-- A parsed report waiting for a tap: which branch, or "yes, that unusual value is right".
CREATE TABLE pending_reports (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL,
    chat_id     INTEGER NOT NULL,
    message_id  INTEGER NOT NULL,
    revision    INTEGER NOT NULL,
    payload     TEXT NOT NULL,                  -- JSON: day, branch, closed, figures
    reason      TEXT NOT NULL CHECK (reason IN ('branch', 'unusual')),
    created_at  TEXT NOT NULL,
    resolved_at TEXT
);

CREATE TABLE invites (
    code        TEXT PRIMARY KEY,
    branch      TEXT NOT NULL REFERENCES branches(code),
    role        TEXT NOT NULL CHECK (role IN ('staff', 'manager', 'admin')),
    created_by  INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    used_by     INTEGER,
    used_at     TEXT
) WITHOUT ROWID;

-- Telegram updates already acted on; reply_sent says the answer went out after the commit.
CREATE TABLE handled_updates (
    update_id  INTEGER PRIMARY KEY,
    handled_at TEXT NOT NULL,
    report_id  INTEGER,
    reply_sent INTEGER NOT NULL DEFAULT 0
);
