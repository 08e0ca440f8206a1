-- What each message stated, figure by figure. An edit is compared with it, so it changes
-- only what the edit itself changed or what the message still holds; and it keeps a
-- sender's figures on record where another person's were kept instead.
CREATE TABLE report_figures (
    report_id INTEGER NOT NULL REFERENCES reports(id),
    metric    TEXT NOT NULL,
    value     INTEGER NOT NULL,
    PRIMARY KEY (report_id, metric)
) WITHOUT ROWID;

-- Reports before this migration: what they hold now, else the last value they wrote.
INSERT INTO report_figures (report_id, metric, value)
SELECT report_id, metric, value FROM figures WHERE report_id IS NOT NULL;
INSERT OR IGNORE INTO report_figures (report_id, metric, value)
SELECT h.report_id, h.metric, h.new_value FROM figure_history h
WHERE h.report_id IS NOT NULL AND h.new_value IS NOT NULL AND h.action IN ('report', 'edit')
  AND h.id = (SELECT MAX(id) FROM figure_history
              WHERE report_id = h.report_id AND metric = h.metric
                AND action IN ('report', 'edit'));

-- The reason a sender gave for a value they confirmed as unusual ("今天有书市").
ALTER TABLE reports ADD COLUMN note TEXT;

-- Questions now also ask about another person's figure and about a closure for a day
-- with figures; SQLite cannot widen a CHECK in place.
CREATE TABLE pending_reports_new (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL,
    chat_id     INTEGER NOT NULL,
    message_id  INTEGER NOT NULL,
    revision    INTEGER NOT NULL,
    payload     TEXT NOT NULL,                  -- JSON: day, branch, closed, figures, ...
    reason      TEXT NOT NULL
                CHECK (reason IN ('branch', 'unusual', 'contested', 'closure')),
    created_at  TEXT NOT NULL,
    resolved_at TEXT
);
INSERT INTO pending_reports_new SELECT * FROM pending_reports;
DROP TABLE pending_reports;
ALTER TABLE pending_reports_new RENAME TO pending_reports;

-- A closure that a later report's figures lifted (the branch opened after all); undoing
-- that report closes the day again.
CREATE TABLE lifted_closures (
    branch      TEXT NOT NULL,
    day         TEXT NOT NULL,
    report_id   INTEGER REFERENCES reports(id),  -- the closure's report
    reported_by INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    lifted_by   INTEGER NOT NULL REFERENCES reports(id),
    PRIMARY KEY (branch, day, lifted_by)
) WITHOUT ROWID;
