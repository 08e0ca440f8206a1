"""Turning one staff message into the figures it reports."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

from bot.core.metrics import Metric, MetricCatalogue
from bot.core.parsing.dates import find_dates
from bot.core.parsing.numbers import CN_DIGITS, NUMBER_PATTERN, evaluate, fold

__all__ = ["ParseIssue", "ParseResult", "ReportParser"]

_DESCRIPTIONS = {
    "negative": "{metric}: {value} is negative; a count cannot be below zero.",
    "absurd": "{metric}: {value} is far too large for one branch on one day.",
    "not_whole": "{metric}: {value} is not a whole number.",
    "approximate": "{metric}: '{text}' is approximate and was not recorded; send the exact figure.",
    "ambiguous": "'{text}' could be more than one metric and was not recorded; add a unit.",
    "subcount_ignored": "'{text}' is part of {metric} and was not recorded separately.",
    "duplicate_metric": "{metric} was given more than once; the last value, {value}, was kept.",
    "summed": "{metric}: '{text}' was added to the other kinds given, making {value}.",
    "future_date": "The date '{text}' is in the future; figures are for today or earlier.",
    "invalid_date": "'{text}' is not a valid date.",
}


@dataclass(frozen=True, slots=True)
class ParseIssue:
    """Something wrong with, or worth saying about, one part of a message."""

    code: str
    metric: str | None = None
    value: float | None = None
    text: str | None = None

    def describe(self) -> str:
        """One plain English sentence for JSON and command-line output."""
        value = self.value
        shown = "" if value is None else str(int(value)) if value.is_integer() else str(value)
        template = _DESCRIPTIONS.get(self.code, "{code}: '{text}'.")
        return template.format(code=self.code, metric=self.metric, value=shown, text=self.text)


@dataclass(frozen=True, slots=True)
class ParseResult:
    """What one message says: the day, the branch hint, a closure and the figures."""

    date: datetime.date
    branch: str | None
    closed: bool
    figures: dict[str, int]
    warnings: tuple[ParseIssue, ...] = ()
    error: ParseIssue | None = None

    @property
    def is_report(self) -> bool:
        """True when something can be recorded: figures or a closure, and no error."""
        return bool(self.figures or self.closed) and self.error is None

    def exit_code(self) -> int:
        """0 when recordable, 1 when the text is not a report, 2 when a value is invalid."""
        if self.error is not None:
            return 2
        return 0 if self.is_report else 1

    def to_json(self) -> dict:
        """The parse as the design's JSON object."""
        return {
            "date": self.date.isoformat(),
            "branch": self.branch,
            "closed": self.closed,
            "figures": dict(self.figures),
            "warnings": [issue.describe() for issue in self.warnings],
            "error": None if self.error is None else self.error.describe(),
        }


# Token kinds.
_KW, _NUM, _HARD, _SOFT, _SUB, _OPEN, _CLOSE = range(7)
_KINDS = {"hard": _HARD, "soft": _SOFT, "sub": _SUB, "open": _OPEN, "close": _CLOSE}
_HARD_MARKS = r"[;。!?\n]|\.(?!\d)"
_SOFT_WORDS = r"[，,、&]|以及|和|及|(?<![a-z])and(?![a-z])"
_SUB_WORDS = r"其中|包括|包含|内含|含|(?<![a-z])(?:of which|including|incl\.?)(?![a-z])"
_UNITS = ("人次", "册次", "场次", "人", "册", "本", "场", "次", "张", "个", "种", "位", "名")
# After a number these make it a time, a price, a floor … never a figure.
_NOT_UNITS = (
    r"个月|个小时|小时|分钟|分(?![享馆])|点|时|号|楼|层|元|块|岁|%|度|年|月|日|天|周|台|米|公里|斤|倍"
    r"|折|遍|秒|(?:am|pm|st|nd|rd|th|h|min|hours?|days?|floors?|yuan|percent|km|kg|g|cm|mm|gb|mb)"
    r"(?![a-z])"
)
_APPROXIMATE = r"多|余|来(?!馆)|\+"  # 一千多, 1000余, 1000+
_RANGE = rf"[ \t]*(?:-|~|至|到)[ \t]*(?:{NUMBER_PATTERN})"  # 1000-1200, 三到五
_TOKEN_STARTS = "-负0123456789abcdefghijklmnopqrstuvwxyz其包内含，,、&以和及;。!?\n.([【)]】"

_COMMAND = re.compile(r"\s*/report(?:@\w+)?(?![a-z])")
_URL_OR_ADDRESS = re.compile(r"https?://\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.]+|@\w+")
_PHONE_OR_TIME = re.compile(
    r"(?<!\d)1[3-9]\d{9}(?!\d)|(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)|(?<!\d)\d{13,}(?!\d)"
    r"|(?<!\d)(?:[01]?\d|2[0-3]):[0-5]\d(?!\d)"
)
_PHONE_OR_TIME_GATE = re.compile(r"\d{7}|\d:\d")
_HINT = re.compile(r"#\s*([^\s#\d,，、;。.!?()\[\]【】:=]+)")
_CLOSURE = re.compile(
    r"(?:闭馆|休馆|停馆|暂停开放|暂停服务|停止开放|不开放|歇业)(?!时间|前|后|时|之前|以前|以后)"
    r"|(?:closed|closure|shut)(?![a-z])"
)
_NOT_CLOSED = ("不", "未", "没", "not", "n't")
# 17:00闭馆, 五点半闭馆: opening hours, not a closure (临时闭馆 is one).
_CLOSING_TIME = re.compile(
    r"(?:\d:\d\d|[\d一二三四五六七八九十两][点时](?:半|\d+分?)?)\s*(?:提前)?$"
)
# Words that hold a keyword but name a place or a thing: 电子阅览室上机30人次 is not 阅览.
_DECOYS = ("阅览室", "活动室", "活动中心", "借阅区", "外借处", "借还机")
_MEANINGFUL = re.compile(r"[\u4e00-\u9fff]|[a-z]+")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LONE_DIGITS = frozenset(CN_DIGITS + "十拾")
_MAX_GAP_BEFORE = 6  # keyword … number: 到馆的读者中有 1234
_MAX_GAP_AFTER = 4  # number … keyword: 120 名读者参加

_Token = tuple[int, int, int, object]  # kind, start, end, _Keyword | _Num | None


@dataclass(frozen=True, slots=True)
class _Keyword:
    """A word that names metrics: its owners, whether it names a kind, and related metrics."""

    word: str
    owners: tuple[Metric, ...]
    subtype: bool
    related: tuple[Metric, ...]


@dataclass(slots=True)
class _Num:
    start: int
    end: int
    value: Decimal | None  # None: not a figure (a time, an ordinal) or approximate
    negative: bool = False
    approximate: bool = False
    unit: str | None = None
    digits: str = ""  # the number as written when it is plain Arabic digits


@dataclass(slots=True)
class _Recorded:
    """How a metric's value came about, to tell kinds that add up from repeats."""

    subtype: bool
    words: set[str]
    spans: list[tuple[int, int]] = field(default_factory=list)


def _trie(words: list[str]) -> str:
    """A regex matching any of words, longest first, branching one character at a time."""
    root: dict = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(char) + build(child) for char, child in node.items() if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(root)


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def _spaces(match: re.Match[str]) -> str:
    return " " * (match.end() - match.start())


def _written(text: str, start: int, end: int) -> str:
    """The fragment of the message as the user wrote it, full-width folded."""
    return fold(text[start:end]).strip(" \t\n,，、(")


class ReportParser:
    """Reads daily figures out of free text in Chinese or English."""

    def __init__(self, catalogue: MetricCatalogue) -> None:
        self._catalogue = catalogue
        owners: dict[str, list[Metric]] = {}
        subtypes: set[str] = set()
        for metric in catalogue:
            for word in (metric.name_zh, *metric.synonyms_zh, *metric.synonyms_en):
                if word := fold(word, lower=True).strip():
                    owners.setdefault(word, []).append(metric)
            for word in metric.subtypes:
                if word := fold(word, lower=True).strip():
                    owners.setdefault(word, []).append(metric)
                    subtypes.add(word)
        self._keywords = {
            word: _Keyword(word, tuple(dict.fromkeys(ms)), word in subtypes, self._related(ms))
            for word, ms in owners.items()
        }
        zh = [w for w in (*self._keywords, *_DECOYS) if not w.isascii()]
        en = [w for w in self._keywords if w.isascii()]
        keywords = f"{_trie(zh)}|(?<![a-z]){_trie(en)}(?![a-z])"
        self._keyword_re = re.compile(keywords)
        units = _trie(sorted({*_UNITS, *(u for m in catalogue for u in m.unit_words if u)}))
        number = (
            rf"(?P<sign>(?:-|负)[ \t]*)?(?P<num>{NUMBER_PATTERN})"
            rf"(?:(?P<range>{_RANGE})|(?P<approx>{_APPROXIMATE}))?[ \t]*"
            rf"(?:(?P<not_unit>{_NOT_UNITS})|(?P<unit>{units})(?:[ \t]*左右)?)?"
        )
        # The lookahead lets the scan pass, in one test, every character no token starts with.
        starts = "".join(sorted({w[0] for w in zh} | set(CN_DIGITS + "十拾" + _TOKEN_STARTS)))
        self._token_re = re.compile(
            f"(?=[{re.escape(starts)}])(?:{number}|(?P<kw>{keywords})|(?P<hard>{_HARD_MARKS})"
            f"|(?P<sub>{_SUB_WORDS})|(?P<soft>{_SOFT_WORDS})|(?P<open>[(\\[【])|(?P<close>[)\\]】]))"
        )

    def _related(self, owners: list[Metric]) -> tuple[Metric, ...]:
        """Metrics whose words contain a word of owners: 外借 → 外借人次, 活动 → 活动参与人次."""
        words = {w for m in owners for w in (*m.synonyms_zh, *m.synonyms_en, *m.subtypes)}
        return tuple(
            other
            for other in self._catalogue
            if other not in owners
            and any(
                word in own and word != own
                for own in (*other.synonyms_zh, *other.synonyms_en, *other.subtypes)
                for word in words
            )
        )

    def parse(self, text: str, today: datetime.date) -> ParseResult:
        """The date, branch hint, closure and figures one message reports."""
        folded = low = fold(text, lower=True)  # same length as text: positions carry over
        command = _COMMAND.match(low)
        if command is not None:
            low = _blank(low, 0, command.end())
        if "@" in low or "http" in low or "www." in low:
            low = _URL_OR_ADDRESS.sub(_spaces, low)
        if _PHONE_OR_TIME_GATE.search(low):
            low = _PHONE_OR_TIME.sub(_spaces, low)
        branch = None
        if "#" in low and (hint := _HINT.search(low)) is not None:
            stop = self._hint_end(low, *hint.span(1), today)
            branch = fold(text[hint.start(1) : stop]) or None
            low = _blank(low, hint.start(), stop)
        mentions = find_dates(low, today)
        for mention in mentions:
            low = _blank(low, mention.start, mention.end)
        closed = False
        for match in _CLOSURE.finditer(low):
            before = folded[max(0, match.start() - 8) : match.start()]
            if not before.rstrip().endswith(_NOT_CLOSED) and not _CLOSING_TIME.search(before):
                closed = True
                low = _blank(low, *match.span())
        figures, warnings, errors = self._figures(self._tokens(low), low, text)

        date = today
        chosen = next((m for m in mentions if m.date != today), mentions[0] if mentions else None)
        if chosen is not None and (figures or closed or errors or warnings):  # else chit-chat
            date = chosen.date or today
            if chosen.problem is not None:
                written = _written(text, chosen.start, chosen.end)
                errors.insert(0, ParseIssue(chosen.problem, text=written))
        return ParseResult(
            date=date,
            branch=branch,
            closed=closed,
            figures=figures,
            warnings=(*warnings, *errors[1:]),
            error=errors[0] if errors else None,
        )

    def _hint_end(self, low: str, start: int, end: int, today: datetime.date) -> int:
        """Where a #hint written straight before the report (#角楼到馆1234) ends."""
        stops = [end]
        for pattern in (self._keyword_re, _CLOSURE):
            match = pattern.search(low, start, end)
            if match is not None:
                stops.append(match.start())
        dates = find_dates(low[start:end], today)
        if dates:
            stops.append(start + dates[0].start)
        return min(stops)

    def _tokens(self, low: str) -> list[_Token]:
        """The message as keywords, numbers, separators, sub-count markers and brackets."""
        tokens: list[_Token] = []
        for match in self._token_re.finditer(low):
            kind = match.lastgroup
            start, end = match.span()
            if kind == "kw":
                if (keyword := self._keywords.get(match.group())) is not None:
                    tokens.append((_KW, start, end, keyword))
            elif kind in _KINDS:
                tokens.append((_KINDS[kind], start, end, None))  # type: ignore[index]
            elif (num := self._number(low, match, tokens)) is not None:
                tokens.append((_NUM, start, end, num))
        if "，" in low:
            _join_groups(tokens, low)
        return tokens

    def _number(self, low: str, match: re.Match[str], tokens: list[_Token]) -> _Num | None:
        """A number with its sign, approximation and unit; None when it is part of a word."""
        token, sign, unit, not_unit, range_, approximate = match.group(
            "num", "sign", "unit", "not_unit", "range", "approx"
        )
        start, end = match.span()
        before = low[start - 1] if start else ""
        if before.isascii() and before.isalpha() and not (tokens and tokens[-1][2] == start):
            return None  # b2, mp3
        if len(token) == 1 and token in _LONE_DIGITS and not unit:
            after = match.end("num")
            following = low[after : after + 1]
            if (
                following
                and _CJK.match(following)
                and following not in "和及以"
                and not self._keyword_re.match(low, after)
            ):
                return None  # 一共, 一些, 十分 (but 到馆三和外借五, 活动一参与八)
        if before == "第" or not_unit:
            return _Num(start, end, None)  # 第3, 3点, 2楼, 50元
        if range_ or approximate or "几" in token:
            return _Num(start, end, None, approximate=True)
        try:
            value = evaluate(token)
        except ValueError:
            return _Num(start, end, None)
        digits = token if token.isdigit() else ""
        return _Num(start, end, value, sign is not None, False, unit, digits)

    def _figures(
        self, tokens: list[_Token], low: str, text: str
    ) -> tuple[dict[str, int], list[ParseIssue], list[ParseIssue]]:
        """Pair numbers with keywords, set sub-counts aside, and check every value."""
        figures: dict[str, int] = {}
        recorded: dict[str, _Recorded] = {}
        warnings: list[ParseIssue] = []
        errors: list[ParseIssue] = []
        bound: dict[int, set[str]] = {}  # keyword token → metrics it gave a value to
        last: tuple[str, int] | None = None  # (metric, token) of the last figure
        previous: tuple[int, int | None] | None = None  # (number token, its keyword token)
        scope, parent, scope_start = 0, None, 0  # 1: after 其中/含, 2: in (…) after a figure
        claimed = _claimed(tokens, low)

        for i, (kind, start, end, payload) in enumerate(tokens):
            if kind != _NUM:
                if kind in (_HARD, _CLOSE):
                    scope = 0
                elif kind == _SUB:
                    parent = parent if scope == 2 else last[0] if last else None
                    scope, scope_start = 1, start
                elif kind == _OPEN and last is not None and last[1] == i - 1:
                    scope, parent, scope_start = 2, last[0], end
                continue
            num = payload
            assert isinstance(num, _Num)
            if num.value is None and not num.approximate:
                previous = (i, None)
                continue
            choice = self._choose(tokens, i, low, bound, previous, claimed)
            if choice is None:
                previous = (i, None)
                keyword = metric = None
                span = (start, end)
            else:
                j, keyword, metric = choice
                previous = (i, j)
                bound.setdefault(j, set()).add(metric.code if metric else "")
                span = (min(start, tokens[j][1]), max(end, tokens[j][2]))
                last = (metric.code, max(i, j)) if metric else last
            # After 其中/含 (or in brackets after a figure), a number for the same metric,
            # or for one already given in this message, is a part of it: "（其中少儿到馆120）".
            if scope and (metric is None or metric.code == parent or metric.code in figures):
                part_of = metric.code if metric is not None else parent
                written = _written(text, scope_start, end)
                warnings.append(ParseIssue("subcount_ignored", part_of, _float(num), written))
                scope_start = end
                continue
            if scope == 1:
                scope = 0  # a figure of another metric ends 其中…
            if metric is None:
                if keyword is not None:
                    issue = ParseIssue("ambiguous", None, _float(num), _written(text, *span))
                    warnings.append(issue)
                continue
            problem = _check(metric, num)
            if problem is not None:
                issue = ParseIssue(problem, metric.code, _float(num), _written(text, *span))
                (warnings if problem == "approximate" else errors).append(issue)
                continue
            assert keyword is not None and num.value is not None
            _record(figures, recorded, warnings, text, metric, keyword, int(num.value), span)
        return figures, warnings, errors

    def _choose(
        self,
        tokens: list[_Token],
        i: int,
        low: str,
        bound: dict[int, set[str]],
        previous: tuple[int, int | None] | None,
        claimed: list[bool],
    ) -> tuple[int, _Keyword, Metric | None] | None:
        """The keyword a number belongs to, and the metric they name together.

        The nearest free keyword before the number wins (到馆1234), unless the one after it
        is closer (120人参加) and not claimed by the number after that (到馆1234外借560).
        """
        num = tokens[i][3]
        assert isinstance(num, _Num)
        before = after = None
        for j in range(i - 1, -1, -1):
            kind = tokens[j][0]
            if kind == _KW:
                gap = _gap(low, tokens[j][2], num.start)
                if j not in bound and gap <= _MAX_GAP_BEFORE:
                    before = (j, gap)
                break
            if kind not in (_OPEN, _CLOSE):
                break
        if i + 1 < len(tokens) and tokens[i + 1][0] == _KW and i + 1 not in bound:
            gap = _gap(low, num.end, tokens[i + 1][1])
            if gap <= _MAX_GAP_AFTER and not claimed[i + 1]:
                after = (i + 1, gap)
        if before is not None and (after is None or before[1] <= after[1]):
            j = before[0]
        elif after is not None:
            j = after[0]
        else:
            return _follow_on(tokens, i, low, bound, previous)
        keyword = tokens[j][3]
        assert isinstance(keyword, _Keyword)
        return j, keyword, _select(keyword, num.unit)


def _claimed(tokens: list[_Token], low: str) -> list[bool]:
    """For each keyword, whether the number straight after it has no other keyword to take.

    In 1234 visitors 560 loans, visitors is free for 1234 because 560 can take loans; in
    到馆1234外借560 (or 210人次 讲座2场 展览1场), 外借 and 讲座 belong to the number after them.
    """
    claimed = [False] * (len(tokens) + 2)
    for k in range(len(tokens) - 2, -1, -1):
        kind, _, end, _ = tokens[k]
        if kind == _KW and tokens[k + 1][0] == _NUM and not _gap(low, end, tokens[k + 1][1]):
            free_after = k + 2 < len(tokens) and tokens[k + 2][0] == _KW
            claimed[k] = not (free_after and not claimed[k + 2])
    return claimed


def _join_groups(tokens: list[_Token], low: str) -> None:
    """Read 1，234 as 1234, as a Chinese keyboard types 1,234, unless 234 has its own keyword.

    活动3，120人参加 stays two figures: 120 is followed by a keyword that has no number.
    """
    i = 1
    while i < len(tokens) - 1:
        kind, start, end, _ = tokens[i]
        if kind == _SOFT and low[start] == "，" and tokens[i - 1][0] == tokens[i + 1][0] == _NUM:
            a, b = tokens[i - 1][3], tokens[i + 1][3]
            assert isinstance(a, _Num) and isinstance(b, _Num)
            if (
                a.end == start
                and b.start == end
                and 1 <= len(a.digits) <= 3
                and a.unit is None
                and len(b.digits) == 3
                and not b.negative
                and not _has_own_keyword(tokens, i + 1)
            ):
                digits = a.digits + b.digits
                joined = _Num(a.start, b.end, Decimal(digits), a.negative, False, b.unit, digits)
                tokens[i - 1 : i + 2] = [(_NUM, a.start, b.end, joined)]
        i += 1


def _has_own_keyword(tokens: list[_Token], i: int) -> bool:
    """Whether the number at i is followed by a keyword that no other number takes."""
    if i + 1 >= len(tokens) or tokens[i + 1][0] != _KW:
        return False
    return i + 2 >= len(tokens) or tokens[i + 2][0] != _NUM


def _follow_on(
    tokens: list[_Token],
    i: int,
    low: str,
    bound: dict[int, set[str]],
    previous: tuple[int, int | None] | None,
) -> tuple[int, _Keyword, Metric | None] | None:
    """A second figure for the last keyword, told apart by its unit: 外借560册、210人次."""
    num = tokens[i][3]
    assert isinstance(num, _Num)
    if previous is None or previous[1] is None or num.unit is None:
        return None
    k, j = previous
    if any(tokens[t][0] != _SOFT for t in range(k + 1, i)) or _gap(low, tokens[k][2], num.start):
        return None
    keyword = tokens[j][3]
    assert isinstance(keyword, _Keyword)
    metric = _select(keyword, num.unit)
    if metric is None or metric.code in bound[j] or num.unit not in metric.unit_words:
        return None
    return j, keyword, metric


def _record(
    figures: dict[str, int],
    recorded: dict[str, _Recorded],
    warnings: list[ParseIssue],
    text: str,
    metric: Metric,
    keyword: _Keyword,
    value: int,
    span: tuple[int, int],
) -> None:
    """Store a value: kinds given one by one add up, a repeated metric keeps the last."""
    code = metric.code
    earlier = recorded.get(code)
    if earlier is None:
        figures[code] = value
        recorded[code] = _Recorded(keyword.subtype, {keyword.word}, [span])
    elif keyword.subtype and earlier.subtype and keyword.word not in earlier.words:
        figures[code] += value  # 讲座2场、展览1场
        earlier.words.add(keyword.word)
        earlier.spans.append(span)
        warnings.append(ParseIssue("summed", code, float(figures[code]), _written(text, *span)))
    elif keyword.subtype and not earlier.subtype:  # 活动3场，讲座2场
        warnings.append(ParseIssue("subcount_ignored", code, float(value), _written(text, *span)))
    else:
        if earlier.subtype and not keyword.subtype:  # 讲座2场 … 活动共3场
            warnings.extend(
                ParseIssue("subcount_ignored", code, None, _written(text, *part))
                for part in earlier.spans
            )
        else:
            issue = ParseIssue("duplicate_metric", code, float(value), _written(text, *span))
            warnings.append(issue)
        figures[code] = value
        recorded[code] = _Recorded(keyword.subtype, {keyword.word}, [span])


def _gap(low: str, start: int, end: int) -> int:
    """How many words or Chinese characters stand between two positions."""
    return len(_MEANINGFUL.findall(low, start, end)) if end > start else 0


def _select(keyword: _Keyword, unit: str | None) -> Metric | None:
    """The metric a keyword names with this unit; None when still ambiguous (采购图书 120)."""
    if unit is not None:
        for metric in (*keyword.owners, *keyword.related):
            if unit in metric.unit_words:
                return metric
    return keyword.owners[0] if len(keyword.owners) == 1 else None


def _float(num: _Num) -> float | None:
    if num.value is None:
        return None
    return -float(num.value) if num.negative else float(num.value)


def _check(metric: Metric, num: _Num) -> str | None:
    """Why a value cannot be recorded, as an issue code, or None when it can."""
    value = num.value
    if num.approximate or value is None:
        return "approximate"
    if num.negative and value:
        return "negative"
    if value != value.to_integral_value():
        return "not_whole"
    if value > metric.daily_max:
        return "absurd"
    return None
