-- Placeholder, so that 0008 follows without a gap on this branch. Issue 12's monthly
-- opening balances bring the real 0007_month_figures.sql (developed in parallel); when
-- the two branches meet, that file replaces this one. It changes nothing.
SELECT 1;
