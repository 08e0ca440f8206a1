-- The inbox: every update fetched from Telegram, written before its offset is acknowledged
-- and handled from here. ``receipt`` is the bot's own number for an update: unlike
-- Telegram's update_id (which may start again at random after a quiet week) it never
-- repeats, so the claims in handled_updates are keyed by it from now on.
CREATE TABLE inbox (
    receipt     INTEGER PRIMARY KEY AUTOINCREMENT,
    update_id   INTEGER NOT NULL,               -- Telegram's id, for the offset only
    fingerprint TEXT NOT NULL,                  -- what the update is (a repeat has the same)
    chat_key    INTEGER NOT NULL,               -- the chat whose order it keeps (0: none)
    raw         TEXT NOT NULL,                  -- the update's JSON as fetched
    received_at TEXT NOT NULL,
    handled_at  TEXT,                           -- NULL: still to be handled
    outcome     TEXT CHECK (outcome IN ('handled', 'unreachable', 'expired', 'failed'))
);
-- A repeat is the same update id with the same content: stored once.
CREATE UNIQUE INDEX inbox_once ON inbox (update_id, fingerprint);
CREATE INDEX inbox_unhandled ON inbox (chat_key, receipt) WHERE handled_at IS NULL;
CREATE INDEX inbox_handled ON inbox (handled_at) WHERE handled_at IS NOT NULL;

-- Receipts start above every update id claimed before, so old claims never collide.
INSERT INTO sqlite_sequence (name, seq)
SELECT 'inbox', COALESCE(MAX(update_id), 0) FROM handled_updates;

-- A question parked for an update: asked again (same id) when its first sending failed.
ALTER TABLE handled_updates ADD COLUMN pending_id INTEGER;
