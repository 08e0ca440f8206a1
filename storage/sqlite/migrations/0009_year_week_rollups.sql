-- The digest at thousands of branches: each branch's year-to-date read as its year's total
-- less the weeks and days after, instead of summing every month before; the days each
-- branch reported read from one row per (branch, day) instead of every figure of the week.
-- Kept by the same triggers as figure_days and figure_months (recreated here with them), so
-- every write of figures or month_figures keeps them, whatever path it takes.

-- Each branch's total per (metric, year 'YYYY'): daily figures and monthly totals alike.
CREATE TABLE figure_years (
    year   TEXT NOT NULL,
    metric TEXT NOT NULL,
    branch TEXT NOT NULL,
    total  INTEGER NOT NULL,
    PRIMARY KEY (year, metric, branch)
) WITHOUT ROWID;

-- Each branch's daily figures per (metric, week part): a week's days within one month,
-- keyed by the first of them (its Monday, or the 1st of the month it runs into). A month is
-- then whole week parts, and a week at most two. Monthly totals are in no week.
CREATE TABLE figure_weeks (
    week   TEXT NOT NULL,
    metric TEXT NOT NULL,
    branch TEXT NOT NULL,
    total  INTEGER NOT NULL,
    PRIMARY KEY (week, metric, branch)
) WITHOUT ROWID;

-- How many figures each branch has for each day: a day it reported has a row.
CREATE TABLE branch_days (
    day     TEXT NOT NULL,
    branch  TEXT NOT NULL,
    figures INTEGER NOT NULL,
    PRIMARY KEY (day, branch)
) WITHOUT ROWID;

-- The monthly totals counted in a month: what a range that holds part of it leaves out.
CREATE INDEX month_figures_by_last_month ON month_figures (last_month, metric);

INSERT INTO figure_years (year, metric, branch, total)
    SELECT year, metric, branch, SUM(total) FROM (
        SELECT substr(day, 1, 4) AS year, metric, branch, value AS total FROM figures
        UNION ALL
        SELECT substr(last_month, 1, 4), metric, branch, value FROM month_figures
    ) GROUP BY year, metric, branch;
INSERT INTO figure_weeks (week, metric, branch, total)
    SELECT max(date(day, '-6 days', 'weekday 1'), substr(day, 1, 8) || '01') AS week,
           metric, branch, SUM(value)
    FROM figures GROUP BY week, metric, branch;
INSERT INTO branch_days (day, branch, figures)
    SELECT day, branch, COUNT(*) FROM figures GROUP BY day, branch;

DROP TRIGGER figures_rollup_insert;
DROP TRIGGER figures_rollup_delete;
DROP TRIGGER figures_rollup_update;
DROP TRIGGER month_figures_rollup_insert;
DROP TRIGGER month_figures_rollup_delete;
DROP TRIGGER month_figures_rollup_update;

CREATE TRIGGER figures_rollup_insert AFTER INSERT ON figures
BEGIN
    INSERT INTO figure_days (metric, day, total) VALUES (NEW.metric, NEW.day, NEW.value)
        ON CONFLICT (metric, day) DO UPDATE SET total = total + excluded.total;
    INSERT INTO figure_months (metric, month, branch, total)
        VALUES (NEW.metric, substr(NEW.day, 1, 7), NEW.branch, NEW.value)
        ON CONFLICT (metric, month, branch) DO UPDATE SET total = total + excluded.total;
    INSERT INTO figure_weeks (week, metric, branch, total)
        VALUES (max(date(NEW.day, '-6 days', 'weekday 1'), substr(NEW.day, 1, 8) || '01'),
                NEW.metric, NEW.branch, NEW.value)
        ON CONFLICT (week, metric, branch) DO UPDATE SET total = total + excluded.total;
    INSERT INTO figure_years (year, metric, branch, total)
        VALUES (substr(NEW.day, 1, 4), NEW.metric, NEW.branch, NEW.value)
        ON CONFLICT (year, metric, branch) DO UPDATE SET total = total + excluded.total;
    INSERT INTO branch_days (day, branch, figures) VALUES (NEW.day, NEW.branch, 1)
        ON CONFLICT (day, branch) DO UPDATE SET figures = figures + 1;
END;

CREATE TRIGGER figures_rollup_delete AFTER DELETE ON figures
BEGIN
    UPDATE figure_days SET total = total - OLD.value
        WHERE metric = OLD.metric AND day = OLD.day;
    UPDATE figure_months SET total = total - OLD.value
        WHERE metric = OLD.metric AND month = substr(OLD.day, 1, 7) AND branch = OLD.branch;
    UPDATE figure_weeks SET total = total - OLD.value
        WHERE week = max(date(OLD.day, '-6 days', 'weekday 1'), substr(OLD.day, 1, 8) || '01')
          AND metric = OLD.metric AND branch = OLD.branch;
    UPDATE figure_years SET total = total - OLD.value
        WHERE year = substr(OLD.day, 1, 4) AND metric = OLD.metric AND branch = OLD.branch;
    UPDATE branch_days SET figures = figures - 1 WHERE day = OLD.day AND branch = OLD.branch;
    DELETE FROM branch_days WHERE day = OLD.day AND branch = OLD.branch AND figures = 0;
END;

CREATE TRIGGER figures_rollup_update AFTER UPDATE OF branch, day, metric, value ON figures
BEGIN
    UPDATE figure_days SET total = total - OLD.value
        WHERE metric = OLD.metric AND day = OLD.day;
    UPDATE figure_months SET total = total - OLD.value
        WHERE metric = OLD.metric AND month = substr(OLD.day, 1, 7) AND branch = OLD.branch;
    UPDATE figure_weeks SET total = total - OLD.value
        WHERE week = max(date(OLD.day, '-6 days', 'weekday 1'), substr(OLD.day, 1, 8) || '01')
          AND metric = OLD.metric AND branch = OLD.branch;
    UPDATE figure_years SET total = total - OLD.value
        WHERE year = substr(OLD.day, 1, 4) AND metric = OLD.metric AND branch = OLD.branch;
    INSERT INTO figure_days (metric, day, total) VALUES (NEW.metric, NEW.day, NEW.value)
        ON CONFLICT (metric, day) DO UPDATE SET total = total + excluded.total;
    INSERT INTO figure_months (metric, month, branch, total)
        VALUES (NEW.metric, substr(NEW.day, 1, 7), NEW.branch, NEW.value)
        ON CONFLICT (metric, month, branch) DO UPDATE SET total = total + excluded.total;
    INSERT INTO figure_weeks (week, metric, branch, total)
        VALUES (max(date(NEW.day, '-6 days', 'weekday 1'), substr(NEW.day, 1, 8) || '01'),
                NEW.metric, NEW.branch, NEW.value)
        ON CONFLICT (week, metric, branch) DO UPDATE SET total = total + excluded.total;
    INSERT INTO figure_years (year, metric, branch, total)
        VALUES (substr(NEW.day, 1, 4), NEW.metric, NEW.branch, NEW.value)
        ON CONFLICT (year, metric, branch) DO UPDATE SET total = total + excluded.total;
END;

-- A figure moved to another branch or day: the day it left may have no figures left.
CREATE TRIGGER figures_moved AFTER UPDATE OF branch, day ON figures
    WHEN OLD.branch != NEW.branch OR OLD.day != NEW.day
BEGIN
    UPDATE branch_days SET figures = figures - 1 WHERE day = OLD.day AND branch = OLD.branch;
    DELETE FROM branch_days WHERE day = OLD.day AND branch = OLD.branch AND figures = 0;
    INSERT INTO branch_days (day, branch, figures) VALUES (NEW.day, NEW.branch, 1)
        ON CONFLICT (day, branch) DO UPDATE SET figures = figures + 1;
END;

CREATE TRIGGER month_figures_rollup_insert AFTER INSERT ON month_figures
BEGIN
    INSERT INTO figure_months (metric, month, branch, total)
        VALUES (NEW.metric, NEW.last_month, NEW.branch, NEW.value)
        ON CONFLICT (metric, month, branch) DO UPDATE SET total = total + excluded.total;
    INSERT INTO figure_years (year, metric, branch, total)
        VALUES (substr(NEW.last_month, 1, 4), NEW.metric, NEW.branch, NEW.value)
        ON CONFLICT (year, metric, branch) DO UPDATE SET total = total + excluded.total;
END;

CREATE TRIGGER month_figures_rollup_delete AFTER DELETE ON month_figures
BEGIN
    UPDATE figure_months SET total = total - OLD.value
        WHERE metric = OLD.metric AND month = OLD.last_month AND branch = OLD.branch;
    UPDATE figure_years SET total = total - OLD.value
        WHERE year = substr(OLD.last_month, 1, 4) AND metric = OLD.metric
          AND branch = OLD.branch;
END;

CREATE TRIGGER month_figures_rollup_update AFTER UPDATE OF branch, metric, last_month, value
    ON month_figures
BEGIN
    UPDATE figure_months SET total = total - OLD.value
        WHERE metric = OLD.metric AND month = OLD.last_month AND branch = OLD.branch;
    UPDATE figure_years SET total = total - OLD.value
        WHERE year = substr(OLD.last_month, 1, 4) AND metric = OLD.metric
          AND branch = OLD.branch;
    INSERT INTO figure_months (metric, month, branch, total)
        VALUES (NEW.metric, NEW.last_month, NEW.branch, NEW.value)
        ON CONFLICT (metric, month, branch) DO UPDATE SET total = total + excluded.total;
    INSERT INTO figure_years (year, metric, branch, total)
        VALUES (substr(NEW.last_month, 1, 4), NEW.metric, NEW.branch, NEW.value)
        ON CONFLICT (year, metric, branch) DO UPDATE SET total = total + excluded.total;
END;
