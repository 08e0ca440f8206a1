-- Which report held the value a change replaced (NULL = none: no value, or an import).
-- Undoing a report hands each figure back to that report, or, when it has been undone
-- since, to the one before it.
ALTER TABLE figure_history ADD COLUMN old_report_id INTEGER REFERENCES reports(id);
