-- Progress and the weekly digest: running totals kept by triggers, so year-to-date reads
-- a few thousand rows instead of every daily figure; the digest's sent-log; where a group
-- moved when it became a supergroup; event titles named in reports.

-- The organisation's total per (metric, day): year-to-date, weekly totals, last year's
-- seasonal curve.
CREATE TABLE figure_days (
    metric TEXT NOT NULL,
    day    TEXT NOT NULL,
    total  INTEGER NOT NULL,
    PRIMARY KEY (metric, day)
) WITHOUT ROWID;

-- Each branch's total per (metric, month 'YYYY-MM'): rankings and branch year-to-date.
CREATE TABLE figure_months (
    metric TEXT NOT NULL,
    month  TEXT NOT NULL,
    branch TEXT NOT NULL,
    total  INTEGER NOT NULL,
    PRIMARY KEY (metric, month, branch)
) WITHOUT ROWID;

INSERT INTO figure_days (metric, day, total)
    SELECT metric, day, SUM(value) FROM figures GROUP BY metric, day;
INSERT INTO figure_months (metric, month, branch, total)
    SELECT metric, substr(day, 1, 7), branch, SUM(value) FROM figures
    GROUP BY metric, substr(day, 1, 7), branch;

CREATE TRIGGER figures_rollup_insert AFTER INSERT ON figures
BEGIN
    INSERT INTO figure_days (metric, day, total) VALUES (NEW.metric, NEW.day, NEW.value)
        ON CONFLICT (metric, day) DO UPDATE SET total = total + excluded.total;
    INSERT INTO figure_months (metric, month, branch, total)
        VALUES (NEW.metric, substr(NEW.day, 1, 7), NEW.branch, NEW.value)
        ON CONFLICT (metric, month, branch) DO UPDATE SET total = total + excluded.total;
END;

CREATE TRIGGER figures_rollup_delete AFTER DELETE ON figures
BEGIN
    UPDATE figure_days SET total = total - OLD.value
        WHERE metric = OLD.metric AND day = OLD.day;
    UPDATE figure_months SET total = total - OLD.value
        WHERE metric = OLD.metric AND month = substr(OLD.day, 1, 7) AND branch = OLD.branch;
END;

CREATE TRIGGER figures_rollup_update AFTER UPDATE OF branch, day, metric, value ON figures
BEGIN
    UPDATE figure_days SET total = total - OLD.value
        WHERE metric = OLD.metric AND day = OLD.day;
    UPDATE figure_months SET total = total - OLD.value
        WHERE metric = OLD.metric AND month = substr(OLD.day, 1, 7) AND branch = OLD.branch;
    INSERT INTO figure_days (metric, day, total) VALUES (NEW.metric, NEW.day, NEW.value)
        ON CONFLICT (metric, day) DO UPDATE SET total = total + excluded.total;
    INSERT INTO figure_months (metric, month, branch, total)
        VALUES (NEW.metric, substr(NEW.day, 1, 7), NEW.branch, NEW.value)
        ON CONFLICT (metric, month, branch) DO UPDATE SET total = total + excluded.total;
END;

-- A level (a stock metric such as followers) is read as each branch's latest value.
CREATE INDEX figures_by_metric_branch_day ON figures (metric, branch, day, value);

-- One row per (chat, ISO week) digest: claimed before sending, marked sent after.
CREATE TABLE digest_log (
    chat_id    INTEGER NOT NULL,               -- the configured leadership chat
    week       TEXT NOT NULL,                  -- 'YYYY-Www', the week the digest covers
    claimed_at TEXT NOT NULL,
    sent_at    TEXT,
    sent_to    INTEGER,                        -- the chat it went to (after a migration)
    message_id INTEGER,
    PRIMARY KEY (chat_id, week)
) WITHOUT ROWID;

-- A group that became a supergroup keeps its messages under a new id.
CREATE TABLE chat_migrations (
    old_chat_id INTEGER PRIMARY KEY,
    new_chat_id INTEGER NOT NULL,
    migrated_at TEXT NOT NULL
);

-- Titles of events named in a report (《…》, “…”); replaced when the report is edited.
CREATE TABLE event_titles (
    report_id INTEGER NOT NULL REFERENCES reports(id),
    branch    TEXT NOT NULL,
    day       TEXT NOT NULL,
    position  INTEGER NOT NULL,
    title     TEXT NOT NULL,
    PRIMARY KEY (report_id, position)
) WITHOUT ROWID;
CREATE INDEX event_titles_by_day ON event_titles (day);
