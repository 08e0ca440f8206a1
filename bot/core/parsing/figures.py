"""Pairing numbers with metric keywords, setting sub-counts aside, checking each value."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from bot.core.metrics import Metric
from bot.core.parsing.result import ParseIssue
from bot.core.parsing.tokens import (
    CLOSE,
    HARD,
    KEYWORD,
    NUMBER,
    OPEN,
    SOFT,
    SUB,
    Keyword,
    Number,
    Token,
    as_written,
    distance,
)

__all__ = ["read_figures"]

_MAX_GAP_BEFORE = 6  # keyword … number: 到馆的读者中有 1234
_MAX_GAP_AFTER = 4  # number … keyword: 120 名读者参加
_FRAGMENT_WORDS = 6  # words quoted with a number that was not understood
_WORDS = re.compile(r"[\u4e00-\u9fff]|[a-z]+")
# 35 kids at story time: the number counts what stands before the preposition, not the event
_PREPOSITION = re.compile(r"(?<![a-z])(?:at|in|on|for|from|during|after|before)(?![a-z])")


@dataclass(slots=True)
class _Recorded:
    """How a metric's value came about, to tell kinds that add up from repeats."""

    subtype: bool
    words: set[str]
    spans: list[tuple[int, int]] = field(default_factory=list)


def read_figures(
    tokens: list[Token], low: str, shown: str
) -> tuple[dict[str, int], list[ParseIssue], list[ParseIssue]]:
    """Pair numbers with keywords, set sub-counts aside, and check every value.

    ``shown`` is the message as written, full-width folded, for the fragments quoted.
    """
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
        if kind != NUMBER:
            if kind in (HARD, CLOSE):
                scope = 0
            elif kind == SUB:
                parent = parent if scope == 2 else last[0] if last else None
                scope, scope_start = 1, start
            elif kind == OPEN and last is not None and last[1] == i - 1:
                scope, parent, scope_start = 2, last[0], end
            continue
        num = payload
        assert isinstance(num, Number)
        if num.value is None and not num.approximate and num.problem is None:
            previous = (i, None)
            continue
        choice = _choose(tokens, i, num, low, bound, previous, claimed)
        if choice is None:
            previous = (i, None)
            keyword = metric = None
            span = (start, end)
        else:
            j, keyword, metric = choice
            previous = (i, j)
            if (codes := bound.get(j)) is None:
                codes = bound[j] = set()
            codes.add(metric.code if metric else "")
            _, keyword_start, keyword_end, _ = tokens[j]
            if j < i:  # the keyword before the number (到馆1234), else after it (120人参加)
                span = (min(start, keyword_start), end)
                last = (metric.code, i) if metric else last
            else:
                span = (start, keyword_end)
                last = (metric.code, j) if metric else last
        # After 其中/含 (or in brackets after a figure), a number for the same metric,
        # or for one already given in this message, is a part of it: "（其中少儿到馆120）".
        if scope and (metric is None or metric.code == parent or metric.code in figures):
            part_of = metric.code if metric is not None else parent
            written = as_written(shown, scope_start, end)
            warnings.append(ParseIssue("subcount_ignored", part_of, _float(num), written))
            scope_start = end
            continue
        if scope == 1:
            scope = 0  # a figure of another metric ends 其中…
        if metric is None:
            if keyword is not None:
                issue = ParseIssue("ambiguous", None, _float(num), as_written(shown, *span))
            else:  # 还书 95, 35 kids: a number with no metric word is said, never dropped
                fragment = as_written(shown, *_surrounding(tokens, i, low))
                issue = ParseIssue("not_understood", None, _float(num), fragment)
            warnings.append(issue)
            continue
        problem = _check(metric, num)
        if problem is not None:
            issue = ParseIssue(problem, metric.code, _float(num), as_written(shown, *span))
            (warnings if problem == "approximate" else errors).append(issue)
            continue
        assert keyword is not None and num.value is not None
        _record(figures, recorded, warnings, shown, metric, keyword, int(num.value), span)
    return figures, warnings, errors


def _surrounding(tokens: list[Token], i: int, low: str) -> tuple[int, int]:
    """A number with the words that go with it: the ones before it, else the ones after."""
    _, start, end, _ = tokens[i]
    left = tokens[i - 1][2] if i else 0
    before = low[left:start]
    if distance(low, left, start):
        words = _WORDS.findall(before)[-_FRAGMENT_WORDS:]
        return start - len(before) + before.rindex(words[0]), end
    right = tokens[i + 1][1] if i + 1 < len(tokens) else len(low)
    after = _WORDS.findall(low, end, right)[:_FRAGMENT_WORDS]
    return start, (low.index(after[-1], end) + len(after[-1]) if after else end)


def _choose(
    tokens: list[Token],
    i: int,
    num: Number,
    low: str,
    bound: dict[int, set[str]],
    previous: tuple[int, int | None] | None,
    claimed: list[bool],
) -> tuple[int, Keyword, Metric | None] | None:
    """The keyword a number belongs to, and the metric they name together.

    The nearest free keyword before the number wins (到馆1234), unless the one after it
    is closer (120人参加) and not claimed by the number after that (到馆1234外借560).
    ``num`` is the number of token i.
    """
    before = after = None
    j = i - 1
    while j >= 0 and tokens[j][0] in (OPEN, CLOSE):  # 到馆（1234）
        j -= 1
    if j >= 0 and tokens[j][0] == KEYWORD and j not in bound:
        keyword_end = tokens[j][2]
        # most keywords touch their number (到馆1234): nothing between, told without a call
        gap = 0 if keyword_end == num.start else distance(low, keyword_end, num.start)
        if gap <= _MAX_GAP_BEFORE:
            before = (j, gap)
    k = i + 1
    if k < len(tokens) and tokens[k][0] == KEYWORD and k not in bound and not claimed[k]:
        gap = distance(low, num.end, tokens[k][1])
        if gap <= _MAX_GAP_AFTER and not (gap and _PREPOSITION.search(low, num.end, tokens[k][1])):
            after = (k, gap)
    if before is not None and (after is None or before[1] <= after[1]):
        j = before[0]
    elif after is not None:
        j = after[0]
    else:
        return _follow_on(tokens, i, num, low, bound, previous)
    keyword = tokens[j][3]
    assert isinstance(keyword, Keyword)
    return j, keyword, _select(keyword, num.unit)


def _claimed(tokens: list[Token], low: str) -> list[bool]:
    """For each keyword, whether the number straight after it has no other keyword to take.

    In 1234 visitors 560 loans, visitors is free for 1234 because 560 can take loans; in
    到馆1234外借560 (or 210人次 讲座2场 展览1场), 外借 and 讲座 belong to the number after them.
    """
    claimed = [False] * (len(tokens) + 2)
    last = len(tokens) - 1
    keywords = [k for k, token in enumerate(tokens) if token[0] == KEYWORD and k < last]
    for k in reversed(keywords):  # from the end: a keyword's answer needs the next one's
        keyword_end, (kind, number_start, _, _) = tokens[k][2], tokens[k + 1]
        # most keywords touch their number (到馆1234): nothing between, told without a call
        if kind == NUMBER and (
            keyword_end == number_start or not distance(low, keyword_end, number_start)
        ):
            free_after = k + 2 < len(tokens) and tokens[k + 2][0] == KEYWORD
            claimed[k] = not (free_after and not claimed[k + 2])
    return claimed


def _follow_on(
    tokens: list[Token],
    i: int,
    num: Number,
    low: str,
    bound: dict[int, set[str]],
    previous: tuple[int, int | None] | None,
) -> tuple[int, Keyword, Metric | None] | None:
    """A second figure for the last keyword, told apart by its unit: 外借560册、210人次."""
    if previous is None or num.unit is None:
        return None
    k, j = previous
    if j is None:
        return None
    if any(tokens[t][0] != SOFT for t in range(k + 1, i)) or distance(low, tokens[k][2], num.start):
        return None
    keyword = tokens[j][3]
    assert isinstance(keyword, Keyword)
    metric = _select(keyword, num.unit)
    if metric is None or metric.code in bound[j] or num.unit not in metric.unit_words:
        return None
    return j, keyword, metric


def _record(
    figures: dict[str, int],
    recorded: dict[str, _Recorded],
    warnings: list[ParseIssue],
    shown: str,
    metric: Metric,
    keyword: Keyword,
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
        warnings.append(ParseIssue("summed", code, float(figures[code]), as_written(shown, *span)))
    elif keyword.subtype and not earlier.subtype:  # 活动3场，讲座2场
        warnings.append(
            ParseIssue("subcount_ignored", code, float(value), as_written(shown, *span))
        )
    else:
        if earlier.subtype and not keyword.subtype:  # 讲座2场 … 活动共3场
            warnings.extend(
                ParseIssue("subcount_ignored", code, None, as_written(shown, *part))
                for part in earlier.spans
            )
        else:
            issue = ParseIssue("duplicate_metric", code, float(value), as_written(shown, *span))
            warnings.append(issue)
        figures[code] = value
        # the record starts again, in place: a long message repeats a metric hundreds of
        # times, and a new _Recorded costs more than its three fields
        earlier.subtype, earlier.words, earlier.spans = keyword.subtype, {keyword.word}, [span]


def _select(keyword: Keyword, unit: str | None) -> Metric | None:
    """The metric a keyword names with this unit; None when still ambiguous (采购图书 120)."""
    if unit is not None and (metric := keyword.by_unit.get(unit)) is not None:
        return metric
    return keyword.owners[0] if len(keyword.owners) == 1 else None


def _float(num: Number) -> float | None:
    if num.value is None:
        return None
    return -float(num.value) if num.negative else float(num.value)


def _check(metric: Metric, num: Number) -> str | None:
    """Why a value cannot be recorded, as an issue code, or None when it can."""
    value = num.value
    if num.problem is not None:
        return num.problem
    if num.approximate or value is None:
        return "approximate"
    if num.negative and value:
        return "negative"
    if isinstance(value, Decimal) and value != value.to_integral_value():  # 12.5
        return "not_whole"
    if value > metric.daily_max:
        return "absurd"
    return None
