-- Opening balances: a branch's total of a flow metric over whole months, for the months
-- before the bot (the "1-11月" sheet a library keeps). Stored as such, never spread over
-- invented days: the triggers add it to figure_months (in its last month), so rankings and
-- year-to-date count it, while figures, figure_days, reported days and missing lists do not.
CREATE TABLE month_figures (
    branch      TEXT NOT NULL REFERENCES branches(code),
    metric      TEXT NOT NULL,
    first_month TEXT NOT NULL,                  -- 'YYYY-MM'
    last_month  TEXT NOT NULL,                  -- 'YYYY-MM', same year; counted in this month
    value       INTEGER NOT NULL,
    entered_by  INTEGER,                        -- who sent it in chat (/opening); NULL: a file
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (branch, metric, last_month),
    CHECK (first_month <= last_month AND substr(first_month, 1, 4) = substr(last_month, 1, 4))
) WITHOUT ROWID;

CREATE TRIGGER month_figures_rollup_insert AFTER INSERT ON month_figures
BEGIN
    INSERT INTO figure_months (metric, month, branch, total)
        VALUES (NEW.metric, NEW.last_month, NEW.branch, NEW.value)
        ON CONFLICT (metric, month, branch) DO UPDATE SET total = total + excluded.total;
END;

CREATE TRIGGER month_figures_rollup_delete AFTER DELETE ON month_figures
BEGIN
    UPDATE figure_months SET total = total - OLD.value
        WHERE metric = OLD.metric AND month = OLD.last_month AND branch = OLD.branch;
END;

CREATE TRIGGER month_figures_rollup_update AFTER UPDATE OF branch, metric, last_month, value
    ON month_figures
BEGIN
    UPDATE figure_months SET total = total - OLD.value
        WHERE metric = OLD.metric AND month = OLD.last_month AND branch = OLD.branch;
    INSERT INTO figure_months (metric, month, branch, total)
        VALUES (NEW.metric, NEW.last_month, NEW.branch, NEW.value)
        ON CONFLICT (metric, month, branch) DO UPDATE SET total = total + excluded.total;
END;

-- Where an imported value came from ("figures.xlsx, sheet 到馆人次, row 4, column D"), and
-- for a monthly figure its months ('YYYY-MM/YYYY-MM'; ``day`` is then its first day).
ALTER TABLE figure_history ADD COLUMN source TEXT;
ALTER TABLE figure_history ADD COLUMN months TEXT;
