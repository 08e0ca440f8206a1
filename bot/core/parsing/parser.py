"""Turning one staff message into the figures it reports."""

from __future__ import annotations

import bisect
import datetime
import re
from collections.abc import Mapping, Sequence

from bot.core.metrics import MetricCatalogue
from bot.core.parsing import scan
from bot.core.parsing.dates import DateMention, find_dates
from bot.core.parsing.festivals import find_festival_days
from bot.core.parsing.figures import read_figures
from bot.core.parsing.numbers import fold
from bot.core.parsing.periods import LevelChanges, find_period_total
from bot.core.parsing.ranges import find_days
from bot.core.parsing.result import ParseIssue, ParseResult
from bot.core.parsing.scan import earliest, every, latin_runs
from bot.core.parsing.spelling import Homophones
from bot.core.parsing.tokens import Lexer, as_written, trie
from bot.core.parsing.unread import find_unread_date

__all__ = ["ReportParser"]

_COMMAND = re.compile(r"\s*/report(?:@\w+)?(?![a-z])")
_URL_OR_ADDRESS = re.compile(r"https?://\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.]+|@\w+")
# The same, an address starting only where its word does. An address can end only where
# its run of [\w.+-] does, so if none starts at the run's first place, none starts further
# in: tried at every place (a long run of Chinese with an @ somewhere), the first pattern
# takes time in the square of the run's length.
_URL_OR_ADDRESS_AT_WORD = re.compile(
    r"https?://\S+|www\.\S+|(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.]+|@\w+"
)
_ADDRESS_WORD = re.compile(r"[\w.+-]*")  # read backwards from an @: its address's start
_PHONE_OR_TIME = re.compile(  # (?=\d): every other place rejected in one test
    r"(?=\d)(?:(?<!\d)1[3-9]\d{9}(?!\d)|(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)|(?<!\d)\d{13,}(?!\d)"
    r"|(?<!\d)(?:[01]?\d|2[0-3]):[0-5]\d(?!\d))"
)
# What every phone number or time holds: seven digits, or digits about a colon.
_PHONE_OR_TIME_MARK = re.compile(r"\d(?:\d{6}|:\d)")
_HINT = re.compile(r"#\s*([^\s#\d,，、;。.!?()\[\]【】:=]+)")
_CLOSURE_WORDS_ZH = "闭馆|休馆|停馆|暂停开放|暂停服务|停止开放|不开放|歇业"
_CLOSURE_WORDS_EN = "closed|closure|shut"
_CLOSURE = (  # one pattern per script, for speed (scan.py)
    re.compile(f"(?:{_CLOSURE_WORDS_ZH})(?!时间|前|后|时|之前|以前|以后)"),
    re.compile(f"(?:{_CLOSURE_WORDS_EN})(?![a-z])"),
)
# The words alone: one search, where most messages hold none
_CLOSURE_MARK = re.compile(f"{_CLOSURE_WORDS_ZH}|{_CLOSURE_WORDS_EN}")
_NOT_CLOSED = ("不", "未", "没", "not", "n't")
# 17:00闭馆, 五点半闭馆: opening hours, not a closure (临时闭馆 is one).
_CLOSING_TIME = re.compile(
    r"(?:\d:\d\d|[\d一二三四五六七八九十两][点时](?:半|\d+分?)?)\s*(?:提前)?$"
)

_SENT_LATE = ("补", "才报", "报")
# 下周闭馆, closed next month: a closure ahead that names no day of its own
_LATER = (
    re.compile(
        r"下下?[个個]?(?:周|週|星期|礼拜|禮拜|月)|明年|周末|週末"
        r"|春节|除夕|元旦|元宵|清明|劳动节|五一|端午|中秋|国庆|节日|节假日|假期|寒假|暑假"
    ),
    re.compile(
        r"(?<![a-z])(?:next\s+(?:week|month|year)|weekend|holidays?|christmas|easter)(?![a-z])"
    ),
)
# 新增关注 25: the number after a level's change belongs to it, not to be said again
_CHANGE_AMOUNT = re.compile(r"[ \t:：]*\d[\d,]*(?:[ \t]*(?:人|个|位))?")
# Nov 19 - 190 visitors: a dash after a day between spaces parts them; it is no minus
_DASH_AFTER_DAY = re.compile(r"[ \t]+-[ \t]+")


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def _blank_all(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each span blanked, as ``_blank`` on each in turn, in one pass."""
    if len(spans) < 2:  # most messages: nothing to blank, or one thing
        return _blank(text, *spans[0]) if spans else text
    pieces: list[str] = []
    pos = 0  # where the text not yet copied starts
    for start, end in sorted(spans):
        if end > pos:  # what an earlier span blanked stays blank
            pieces += (text[pos : max(start, pos)], " " * (end - max(start, pos)))
            pos = end
    pieces.append(text[pos:])
    return "".join(pieces)


def _says_closed(folded: str, start: int) -> bool:
    """Whether the closure word at start says the library is closed (not 不闭馆, 17:00闭馆)."""
    before = folded[max(0, start - 8) : start]
    return not before.rstrip().endswith(_NOT_CLOSED) and not _CLOSING_TIME.search(before)


def _day_spans(low: str, mentions: list[DateMention]) -> list[tuple[int, int]]:
    """What each day takes of the text: the mention, and a dash standing after it."""
    spans: list[tuple[int, int]] = []
    reach = 0  # how far the days before reach
    for mention in mentions:
        # A dash is read with the days before blanked: they end before this one does,
        # unless two overlap (then the blanks so far are made).
        seen = low if reach <= mention.end else _blank_all(low, spans)
        end = mention.end
        if (dash := _DASH_AFTER_DAY.match(seen, end)) is not None:
            end = dash.end()
        spans.append((mention.start, end))
        reach = max(reach, end)
    return spans


def _spaces(match: re.Match[str]) -> str:
    return " " * (match.end() - match.start())


def _without_addresses(low: str) -> str:
    """``_URL_OR_ADDRESS.sub(_spaces, low)`` in time linear in the text's length.

    Where the last match ended (in a word, perhaps) every alternative is tried, as sub
    does; after it, an address is looked for where a word starts, which finds the same.
    """
    starts = _address_starts(low) if len(low) >= scan.LONG_TEXT else None  # else searched
    spans: list[tuple[int, int]] = []
    pos = 0
    while pos < len(low):
        match = _URL_OR_ADDRESS.match(low, pos) or _address_at(low, starts, pos + 1)
        if match is None:
            break
        spans.append(match.span())
        pos = match.end()
    return _blank_all(low, spans)


def _address_starts(low: str) -> list[int]:
    """Every place where ``_URL_OR_ADDRESS_AT_WORD`` can match, in order: each http,
    www. and @, and the start of the word standing before an @ (an e-mail address)."""
    starts = [at for mark in ("http", "www.", "@") for at in _places(low, mark)]
    if "@" in low:
        backwards, size = low[::-1], len(low)  # a word's start is where it ends backwards
        for at in _places(low, "@"):
            word = _ADDRESS_WORD.match(backwards, size - at)
            assert word is not None
            starts.append(size - word.end())
    return sorted(set(starts))


def _places(text: str, mark: str) -> list[int]:
    """Where mark stands in text."""
    places = [text.find(mark)]
    while places[-1] >= 0:
        places.append(text.find(mark, places[-1] + 1))
    return places[:-1]


def _address_at(low: str, starts: list[int] | None, pos: int) -> re.Match[str] | None:
    """``_URL_OR_ADDRESS_AT_WORD.search(low, pos)``, tried only at the places it can match
    (``starts``) in a long text."""
    if starts is None:
        return _URL_OR_ADDRESS_AT_WORD.search(low, pos)
    for start in starts[bisect.bisect_left(starts, pos) :]:
        if (match := _URL_OR_ADDRESS_AT_WORD.match(low, start)) is not None:
            return match
    return None


class ReportParser:
    """Reads daily figures out of free text in Chinese or English.

    ``branches`` maps each branch code to the names and aliases staff write for it, so a
    message that starts with one (景山 到馆 133, 【角楼】到馆 50) names its branch.
    """

    def __init__(
        self, catalogue: MetricCatalogue, branches: Mapping[str, Sequence[str]] | None = None
    ) -> None:
        self._lexer = Lexer(catalogue)
        self._homophones = Homophones(self._lexer.chinese_keywords)
        self._level_changes = LevelChanges(catalogue)
        self._branch_codes: dict[str, str] = {}
        for code, names in (branches or {}).items():
            for name in (code, *names):
                if word := fold(name, lower=True).strip():
                    self._branch_codes.setdefault(word, code)
        names = sorted(self._branch_codes)
        head = (
            r"[ \t]*(?P<open>[(\[【])?[ \t]*(?P<name>"
            + trie(names)
            + r")(?(open)[ \t]*[)\]】]|(?=[\s:,，#]|$|[\d昨今前上本这這补補周週星礼禮]|"
            + self._lexer.keyword_re.pattern
            + r"))[ \t]*[:,，]?"
        )
        # A head opens the message or a line. After a line break it is looked for by a
        # pattern starting with the break, which the engine skips to: one starting with
        # (?<=\n) would be tried at every place.
        self._branch_head = re.compile(head) if names else None
        self._branch_line = re.compile("\n" + head) if names else None

    def parse(self, text: str, today: datetime.date) -> ParseResult:
        """The date, branch hint, closure and figures one message reports."""
        folded = low = fold(text, lower=True)  # same length as text: positions carry over
        # what is quoted back: the text as written, full-width folded (the text itself
        # when it has nothing to fold even to lower case)
        shown = text if folded is text else fold(text)
        command = _COMMAND.match(low)
        if command is not None:
            low = _blank(low, 0, command.end())
        if "@" in low or "http" in low or "www." in low:
            low = _without_addresses(low)
        if _PHONE_OR_TIME_MARK.search(low):  # looked for only in the runs that hold a mark
            low = _blank_all(
                low,
                [
                    match.span()
                    for start, end in latin_runs(low, _PHONE_OR_TIME_MARK)
                    for match in _PHONE_OR_TIME.finditer(low, start, end)
                ],
            )
        branches: list[tuple[str, str]] = []  # (as written, who it names) in order
        heads = self._branch_heads(low)
        for _, head in heads:
            written = shown[head.start("name") : head.end("name")]
            branches.append((written, self._branch_codes[head.group("name")]))
        low = _blank_all(low, [(start, head.end()) for start, head in heads])
        while "#" in low and (hint := _HINT.search(low)) is not None:
            stop = self._hint_end(low, *hint.span(1), today)
            if written := shown[hint.start(1) : stop]:
                word = written.lower()
                branches.append((written, self._branch_codes.get(word, word)))
            low = _blank(low, hint.start(), stop)
        branch = branches[0][0] if branches else None
        other_branch = next((b for b in branches if b[1] != branches[0][1]), None)
        closures = (
            [m.span() for m in every(_CLOSURE, low) if _says_closed(folded, m.start())]
            if _CLOSURE_MARK.search(low) is not None  # most messages name no closure
            else []
        )
        closed = bool(closures)
        low = _blank_all(low, closures)
        mentions = find_days(low, today, planned=closed)  # a closure may be planned ahead
        low = _blank_all(low, _day_spans(low, mentions))
        total, total_code = find_period_total(low), "period_total"
        if closed and not mentions and (total is not None or (total := earliest(_LATER, low))):
            total_code = "closure_period"  # 本周闭馆, 下个月闭馆: which days?
        if total is None:
            total, total_code = self._level_changes.find(low), "level_change"
        refused = total_code == "closure_period"  # a refusal even with no figure in it
        if total is not None:
            end = total.end()
            if total_code == "level_change" and (amount := _CHANGE_AMOUNT.match(low, end)):
                end, refused = amount.end(), True
            low = _blank(low, total.start(), end)
        unread = find_unread_date(low)  # 上上上周五: asked about, and none of it a figure
        if unread is not None:
            low = _blank(low, *unread.span())
        festivals = find_festival_days(low)  # 国庆节到馆 3000: which of its days?
        if festivals:
            low = _blank_all(low, [festival.span() for festival in festivals])
            if unread is None and not mentions:  # 10月1日国庆节: the day is written
                unread = festivals[0]
        low, assumed = self._homophones.repair(low, text)
        figures, warnings, errors = read_figures(self._lexer.tokens(low), low, shown)
        if figures:  # what was assumed is said with what it gave
            warnings[:0] = assumed

        date, until = today, None
        if figures or closed or errors or warnings or refused:  # else chit-chat
            date, until, problem = self._day(
                mentions, unread, text, shown, today, closed=closed, figures=bool(figures)
            )
            if problem is not None:
                errors.insert(0, problem)
            if total is not None and (figures or errors or warnings or refused):
                # a day it could not read is said first: the month beside it is part of it
                first = int(problem is not None and problem.code == "unreadable_date")
                issue = ParseIssue(total_code, text=as_written(shown, *total.span()))
                errors.insert(first, issue)
            if other_branch is not None:
                written = f"{branches[0][0]} / {other_branch[0]}"
                errors.insert(0, ParseIssue("two_branches", text=written))
        return ParseResult(
            date=date,
            branch=branch,
            closed=closed,
            figures=figures,
            warnings=(*warnings, *errors[1:]),
            error=errors[0] if errors else None,
            closed_until=None if errors else until,
        )

    @staticmethod
    def _day(
        mentions: list[DateMention],
        unread: re.Match[str] | None,
        text: str,
        shown: str,
        today: datetime.date,
        *,
        closed: bool,
        figures: bool,
    ) -> tuple[datetime.date, datetime.date | None, ParseIssue | None]:
        """The one day a report is for (and the last of a closure's days), or what keeps it
        from naming one; never a guess. ``shown`` is text full-width folded, to quote."""
        if unread is not None:
            written = as_written(shown, *unread.span())
            return today, None, ParseIssue("unreadable_date", text=written)
        # 今天补报昨天的: the day it is sent, not a second day reported; 12月6日恢复开放: the
        # day after a closure, not one more day closed
        mentions = [
            m for m in mentions
            if not m.reopens
            and (m.date != today or not text[m.end : m.end + 4].lstrip().startswith(_SENT_LATE))
        ]  # fmt: skip
        ranged = next((m for m in mentions if m.until is not None), None)
        if figures and ranged is not None:  # 周一至周五 到馆 2500: whose day is it?
            written = as_written(shown, ranged.start, ranged.end)
            return ranged.date or today, None, ParseIssue("range_with_figures", text=written)
        wrong = next((m for m in mentions if m.problem is not None), None)
        if wrong is not None and wrong.problem is not None:
            written = as_written(shown, wrong.start, wrong.end)
            return wrong.date or today, None, ParseIssue(wrong.problem, text=written)
        chosen = next(
            (m for m in mentions if m.date != today or m.until is not None),
            mentions[0] if mentions else None,
        )
        if chosen is None:
            return today, None, None
        assert chosen.date is not None
        days = (chosen.date, chosen.until)
        other = next((m for m in mentions if m.date and (m.date, m.until) != days), None)
        if other is not None:  # 今天到馆412，昨天到馆398: two reports in one
            first, second = sorted((chosen, other), key=lambda m: m.start)
            written = as_written(shown, first.start, first.end) + " / "
            written += as_written(shown, second.start, second.end)
            return today, None, ParseIssue("two_dates", text=written)
        if figures and chosen.date > today:  # 明天闭馆，线上活动1场: figures ahead of their day
            written = as_written(shown, chosen.start, chosen.end)
            return chosen.date, None, ParseIssue("future_date", text=written)
        return chosen.date, chosen.until if closed else None, None

    def _branch_heads(self, low: str) -> list[tuple[int, re.Match[str]]]:
        """Each branch name heading the message or a line, with where its head starts."""
        if self._branch_head is None or self._branch_line is None:
            return []
        heads: list[tuple[int, re.Match[str]]] = []
        pos = 0
        if (first := self._branch_head.match(low)) is not None:
            heads.append((0, first))
            pos = first.end()
        if "\n" in low:
            heads += [(line.start() + 1, line) for line in self._branch_line.finditer(low, pos)]
        return heads

    def _hint_end(self, low: str, start: int, end: int, today: datetime.date) -> int:
        """Where a #hint written straight before the report (#角楼到馆1234) ends."""
        found = (
            self._lexer.keyword_re.search(low, start, end),
            earliest(_CLOSURE, low, start, end),
        )
        stops = [end, *(match.start() for match in found if match is not None)]
        dates = find_dates(low[start:end], today)
        if dates:
            stops.append(start + dates[0].start)
        return min(stops)
