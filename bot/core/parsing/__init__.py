"""Reading one staff message: numbers, dates, event titles, and the figures it reports."""
