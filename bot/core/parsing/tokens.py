"""The message as tokens: metric keywords, numbers, separators, sub-count markers, brackets."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from bot.core.metrics import Metric, MetricCatalogue
from bot.core.parsing.numbers import (
    CN_DIGITS,
    CN_TENS,
    CN_UNITS,
    NUMBER_PATTERN,
    NUMBER_STARTS,
    evaluate,
    fold,
)

__all__ = [
    "CLOSE", "HARD", "KEYWORD", "NUMBER", "OPEN", "SOFT", "SUB",
    "Keyword", "Lexer", "Number", "Token", "as_written", "distance", "token_pattern", "trie",
]  # fmt: skip

# Token kinds.
KEYWORD, NUMBER, HARD, SOFT, SUB, OPEN, CLOSE = range(7)
_KINDS = {"hard": HARD, "soft": SOFT, "sub": SUB, "open": OPEN, "close": CLOSE}
_NUMBER_GROUPS = ("num", "sign", "unit", "not_unit", "range", "approx")  # the first is the number
_HARD_MARKS = r"[;。!?\n]|\.(?!\d)"
_SOFT_WORDS = r"[，,、&]|以及|和|及|(?<![a-z])and(?![a-z])"
_SUB_WORDS = r"其中|包括|包含|内含|含|(?<![a-z])(?:of which|including|incl\.?)(?![a-z])"
_UNITS = ("人次", "册次", "场次", "人", "册", "本", "场", "次", "张", "个", "個", "种", "位", "名")
# After a number these make it a time, a price, a floor … never a figure.
_NOT_UNITS = (
    r"个月|个小时|小时|分钟|分(?![享馆])|点|时|号|楼|层|元|块|岁|%|度|年|月|日|天|周|台|米|公里|斤|倍"
    r"|折|遍|秒|(?:am|pm|st|nd|rd|th|h|min|hours?|days?|floors?|yuan|percent|km|kg|g|cm|mm|gb|mb)"
    r"(?![a-z])"
)
_APPROXIMATE = r"多|余|来(?!馆)|\+"  # 一千多, 1000余, 1000+
_RANGE = rf"[ \t]*(?:-|~|至|到)[ \t]*(?:{NUMBER_PATTERN})"  # 1000-1200, 三到五
# The characters each of these starts with (a class body), for lookaheads: test_scan.py
_RANGE_OR_APPROXIMATE_STARTS = r" \t\-~至到多余来+"
_NOT_UNIT_STARTS = "%acdfghkmnprsty个倍元公分台号周块天小层岁年度折斤日时月楼点秒米遍"
_TOKEN_STARTS = (
    "-负負百佰千仟万萬0123456789abcdefghijklmnopqrstuvwxyz其包内含，,、&以和及;。!?\n.([【)]】"
)

# Words that hold a keyword but name a place or a thing: 电子阅览室上机30人次 is not 阅览.
_DECOYS = ("阅览室", "活动室", "活动中心", "借阅区", "外借处", "借还机")
_MEANINGFUL = re.compile(r"[\u4e00-\u9fff]|[a-z]+")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LONE_DIGITS = frozenset(CN_DIGITS + CN_TENS)
# A number that is not one as written: refused with the reason, never read in part.
_GLUED = re.compile(r"[a-z0-9]*")  # 12o4, 3oo, 3m: letters stuck to the digits
_LOOKALIKES = frozenset("oli")  # o for 0, l and i for 1: l234
_SPACED = re.compile(r"\d{1,3}(?: \d{3})+(?![\d.,])")  # 1 234
_COMMAS = re.compile(r"\d+(?:,\d+)+")  # 1,2345 (a proper 1,234 is one token already)
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")
_SPACE_OR_COMMA = (" ", ",")  # 1 234, 1,2345: what may part digits from more digits


Token = tuple[int, int, int, object]  # kind, start, end, Keyword | Number | None


@dataclass(frozen=True, slots=True)
class Keyword:
    """A word that names metrics: its owners, whether it names a kind, related metrics, and
    the metric it names with each unit word (the first of owners then related that has it).
    """

    word: str
    owners: tuple[Metric, ...]
    subtype: bool
    related: tuple[Metric, ...]
    by_unit: Mapping[str, Metric]


@dataclass(slots=True)
class Number:
    start: int
    end: int
    value: Decimal | int | None  # None: not a figure (a time, an ordinal) or approximate
    negative: bool = False
    approximate: bool = False
    unit: str | None = None
    digits: str = ""  # the number as written when it is plain Arabic digits
    problem: str | None = None  # why it is refused: letters_in_number, spaced_digits …


_Trie = dict[str, "_Trie"]


def trie(words: list[str]) -> str:
    """A regex matching any of words, longest first, branching one character at a time."""
    root: _Trie = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: _Trie) -> str:
        branches = [re.escape(char) + build(child) for char, child in node.items() if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(root)


def token_pattern(zh: list[str], en: list[str], units: list[str], *, guarded: bool = True) -> str:
    """The regex of every token, for Chinese and English keywords and unit words.

    ``guarded`` puts the number, the keywords and the parts that may follow a number
    behind a lookahead for the characters they start with: where one cannot start (most
    places), the engine rejects it in one test instead of trying its words in turn; and it
    reads most numbers by a pattern of their own (``_plain_number``). A lookahead only
    refuses places where what follows could not match, and a plain number is the token
    the full pattern makes of it, so the tokens are those of the plain pattern
    (``guarded=False``); test_scan.py checks it.
    """

    def guard(first: str, pattern: str) -> str:
        return f"(?=[{first}])(?:{pattern})" if guarded and first else pattern

    def starts(words: list[str]) -> str:
        return re.escape("".join(sorted({w[0] for w in words})))

    keywords = (
        f"{guard(starts(zh), trie(zh))}|{guard(starts(en), f'(?<![a-z]){trie(en)}(?![a-z])')}"
    )
    unit_words = trie(units)
    after = guard(_RANGE_OR_APPROXIMATE_STARTS, f"(?P<range>{_RANGE})|(?P<approx>{_APPROXIMATE})")
    unit = guard(
        _NOT_UNIT_STARTS + starts(units),
        rf"(?P<not_unit>{_NOT_UNITS})|(?P<unit>{unit_words})(?:[ \t]*左右)?",
    )
    number = guard(
        f"-负負{NUMBER_STARTS}",
        rf"(?P<sign>(?:-|负|負)[ \t]*)?(?P<num>{NUMBER_PATTERN})(?:{after})?[ \t]*(?:{unit})?",
    )
    if guarded:  # most numbers, told without _number: what it would make of them
        number = f"{_plain_number(unit_words)}|{number}"
    # The lookahead lets the scan pass, in one test, every character no token starts with.
    first = "".join(sorted({w[0] for w in zh} | set(CN_DIGITS + CN_TENS + _TOKEN_STARTS)))
    return (
        f"(?=[{re.escape(first)}])(?:{number}|(?P<kw>{keywords})|(?P<hard>{_HARD_MARKS})"
        f"|(?P<sub>{_SUB_WORDS})|(?P<soft>{_SOFT_WORDS})|(?P<open>[(\\[【])|(?P<close>[)\\]】]))"
    )


def _plain_number(unit_words: str) -> str:
    """ASCII digits that ``_number`` would take as they are, with their unit (到馆1234,
    外借 560册; ``unit_words`` is the pattern of the unit words): nothing it looks at stands
    beside them.

    Not a letter on either side (12o4, b2, 3k), nor a space or a comma before more digits
    (1 234, 1,2345), nor 第 before; nothing that goes on a number (12.5, 3千, 1000-1200,
    1000多) and no word that makes it no figure (3点, 2楼). Where any of these stands, the
    full pattern after this one reads the number: the tokens are those without it.
    """
    goes_on = rf"[a-zA-Z\d{CN_DIGITS}{CN_UNITS}]|[ .,]\d|{_RANGE}|{_APPROXIMATE}"
    return (
        rf"(?<![a-zA-Z第])(?P<plain>[0-9]+)(?!{goes_on}|[ \t]*(?:{_NOT_UNITS}))"
        rf"[ \t]*(?:(?P<plain_unit>{unit_words})(?:[ \t]*左右)?)?"
    )


class Lexer:
    """Splits a folded, lower-cased message into tokens for one metric catalogue.

    ``guarded=False`` builds the plain token pattern (``token_pattern``) and asks
    ``_malformed`` of every number written in digits, for tests.
    """

    def __init__(self, catalogue: MetricCatalogue, *, guarded: bool = True) -> None:
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
            word: _keyword(word, tuple(dict.fromkeys(ms)), word in subtypes, self._related(ms))
            for word, ms in owners.items()
        }
        zh = [w for w in (*self._keywords, *_DECOYS) if not w.isascii()]
        self.chinese_keywords = tuple(w for w in self._keywords if not w.isascii())
        en = [w for w in self._keywords if w.isascii()]
        self.keyword_re = re.compile(f"{trie(zh)}|(?<![a-z]){trie(en)}(?![a-z])")
        units = sorted({*_UNITS, *(u for m in catalogue for u in m.unit_words if u)})
        self._token_re = re.compile(token_pattern(zh, en, units, guarded=guarded))
        self._ask_all_malformed = not guarded
        # the groups by number: a match tells its kind by the last group it closed
        group = self._token_re.groupindex
        self._keyword_group = group["kw"]
        self._kinds = {group[name]: kind for name, kind in _KINDS.items()}
        self._number_groups = tuple(group[g] for g in _NUMBER_GROUPS)
        self._plain_groups = (group["plain"], group["plain_unit"]) if guarded else (-1, -1)

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

    def tokens(self, low: str) -> list[Token]:
        """The message as keywords, numbers, separators, sub-count markers and brackets."""
        tokens: list[Token] = []
        append, keywords, number = tokens.append, self._keywords, self._number  # hot loop
        keyword_group, kinds = self._keyword_group, self._kinds
        plain, plain_unit = self._plain_groups
        last_end = 0
        for match in self._token_re.finditer(low):
            start, end = match.span()
            if start < last_end:
                continue  # inside a refused number: 1 234, 12o4
            group = match.lastindex or 0
            if plain <= group <= plain_unit:  # the digits, then perhaps their unit
                digits, unit = match.group(plain, plain_unit)
                plain_number = Number(start, end, int(digits), False, False, unit, digits)
                append((NUMBER, start, end, plain_number))
                last_end = end
            elif group == keyword_group:
                if (keyword := keywords.get(match.group())) is not None:
                    append((KEYWORD, start, end, keyword))
                    last_end = end
            elif (kind := kinds.get(group)) is not None:
                append((kind, start, end, None))
                last_end = end
            elif (num := number(low, match, start, end, tokens)) is not None:
                append((NUMBER, num.start, num.end, num))
                last_end = num.end
        if "，" in low:
            _join_groups(tokens, low)
        return tokens

    def _number(
        self, low: str, match: re.Match[str], start: int, end: int, tokens: list[Token]
    ) -> Number | None:
        """A number with its sign, approximation and unit; None when it is part of a word.

        ``start`` and ``end`` are the match's span, which the caller has already.
        """
        token, sign, unit, not_unit, range_, approximate = match.group(*self._number_groups)
        before = low[start - 1] if start else ""
        if token[0].isascii():
            num_start = start + len(sign) if sign else start  # the digits follow their sign
            num_end = num_start + len(token)
            following = low[num_end : num_end + 1]
            # Only a letter touching the digits (12o4, l234), or a space or a comma between
            # them and more digits (1 234, 1,2345), can make them no number: most numbers
            # (到馆 412 外借 …) are told apart in these tests, without _malformed's regexes.
            if (
                following in _LETTERS
                or (num_start and low[num_start - 1] in _LETTERS)
                or (following in _SPACE_OR_COMMA and low[num_end + 1 : num_end + 2].isdigit())
                or self._ask_all_malformed
            ) and (malformed := self._malformed(low, match, tokens)):
                return malformed
        if before.isascii() and before.isalpha() and not (tokens and tokens[-1][2] == start):
            return None  # b2, mp3
        if len(token) == 1 and token in _LONE_DIGITS and not unit:
            after = match.end("num")
            following = low[after : after + 1]
            if (
                following
                and _CJK.match(following)
                and following not in "和及以"
                and not self.keyword_re.match(low, after)
            ):
                return None  # 一共, 一些, 十分 (but 到馆三和外借五, 活动一参与八)
        if before == "第" or not_unit:
            return Number(start, end, None)  # 第3, 3点, 2楼, 50元
        if range_ or approximate or "几" in token:
            return Number(start, end, None, approximate=True)
        if token.isdigit() and token.isascii():  # most numbers: what evaluate would give
            return Number(start, end, int(token), sign is not None, False, unit, token)
        try:
            value = evaluate(token)
        except ValueError:
            return Number(start, end, None)
        digits = token if token.isdigit() else ""
        return Number(start, end, value, sign is not None, False, unit, digits)

    def _malformed(self, low: str, match: re.Match[str], tokens: list[Token]) -> Number | None:
        """A refused Number when digits carry letters, spaces or commas a number has not.

        Asked only when a letter touches the digits, or a space or a comma stands between
        them and more digits (``_number``).
        """
        start, num_end = match.span("num")
        token = match.group("num")
        first = start
        while first and low[first - 1].isascii() and low[first - 1].isalpha():
            first -= 1
        glued_before = first < start and not (tokens and tokens[-1][2] == first)
        if glued_before and not _LOOKALIKES.issuperset(low[first:start]):
            return None  # b2, mp3: a name with a number in it, not a figure
        following = low[num_end : num_end + 1]
        glued_after = (
            following.isascii()
            and following.isalpha()
            and token[-1].isascii()
            and match.group("unit") is None
            and match.group("not_unit") is None
            and not self.keyword_re.match(low, num_end)
        )
        if glued_before or glued_after:
            glued = _GLUED.match(low, num_end)
            stop = max(match.end(), glued.end()) if glued else match.end()
            return Number(first, stop, None, problem="letters_in_number")
        stop, problem = num_end, None
        if token.isdigit() and len(token) <= 3 and (spaced := _SPACED.match(low, start)):
            stop, problem = spaced.end(), "spaced_digits"
        elif (commas := _COMMAS.match(low, start)) is not None and commas.end() > num_end:
            stop, problem = commas.end(), "misplaced_comma"
        if problem is None:
            return None
        return Number(start, max(match.end(), stop), None, problem=problem)


def _keyword(
    word: str, owners: tuple[Metric, ...], subtype: bool, related: tuple[Metric, ...]
) -> Keyword:
    """The keyword, with the metric each unit word selects looked up once, not per number."""
    by_unit: dict[str, Metric] = {}
    for metric in (*owners, *related):
        for unit in metric.unit_words:
            by_unit.setdefault(unit, metric)
    return Keyword(word, owners, subtype, related, by_unit)


def _join_groups(tokens: list[Token], low: str) -> None:
    """Read 1，234 as 1234, as a Chinese keyboard types 1,234, unless 234 has its own keyword.

    活动3，120人参加 stays two figures: 120 is followed by a keyword that has no number.
    """
    # The commas only, as a loop over every token met them: after a join there, the
    # token after the next is where that loop went on.
    commas = [
        i for i, (kind, start, _, _) in enumerate(tokens) if kind == SOFT and low[start] == "，"
    ]
    removed = passed = 0  # tokens that joins took out; commas before this were passed over
    for comma in commas:
        i = comma - removed
        if comma < passed or not 1 <= i < len(tokens) - 1:
            continue
        _, start, end, _ = tokens[i]
        if tokens[i - 1][0] == tokens[i + 1][0] == NUMBER:
            a, b = tokens[i - 1][3], tokens[i + 1][3]
            assert isinstance(a, Number) and isinstance(b, Number)
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
                joined = Number(a.start, b.end, int(digits), a.negative, False, b.unit, digits)
                tokens[i - 1 : i + 2] = [(NUMBER, a.start, b.end, joined)]
                removed, passed = removed + 2, comma + 3


def _has_own_keyword(tokens: list[Token], i: int) -> bool:
    """Whether the number at i is followed by a keyword that no other number takes."""
    if i + 1 >= len(tokens) or tokens[i + 1][0] != KEYWORD:
        return False
    return i + 2 >= len(tokens) or tokens[i + 2][0] != NUMBER


def distance(low: str, start: int, end: int) -> int:
    """How many words or Chinese characters stand between two positions."""
    if end <= start or low[start:end].isspace():  # most often nothing, or a space
        return 0
    return len(_MEANINGFUL.findall(low, start, end))


def as_written(shown: str, start: int, end: int) -> str:
    """The fragment of the message as the user wrote it, full-width folded.

    ``shown`` is the whole message folded once (``fold(text)``): fold maps one character
    at a time, so a slice of it is the slice folded.
    """
    return shown[start:end].strip(" \t\n,，、(")
