"""Reading one staff message: numbers, dates, event titles, and the figures it reports."""

from bot.core.parsing.event_titles import report_event_titles
from bot.core.parsing.parser import ReportParser
from bot.core.parsing.result import ParseIssue, ParseResult

__all__ = ["ParseIssue", "ParseResult", "ReportParser", "report_event_titles"]
