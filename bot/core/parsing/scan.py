"""Searching with one pattern per script: each then starts with a set of characters the
regex engine can skip to, where one pattern mixing Chinese and English words (or one
starting with a lookbehind) is tried at every place of the text. On a 4,096-character
message that is the difference between about 15 and 80 µs a pattern.

The patterns given together must never match the same characters (Chinese words and
English words), so the first match of either, or the matches of both in order, are what
one pattern holding both alternatives would give.

The rest spares a long message whole-text scans, each finding what the plain scan finds
(test_scan.py checks every one against it): a lookbehind checked on the match instead
(``at_word_start``), a scan of only the runs of characters a match can be made of
(``latin_runs``, ``runs``, ``joined``), and a look for each character a gate asks about
instead of a set of all of them (``characters``). Below ``LONG_TEXT`` characters runs
and looks do not pay: a short text is one run, and a set of its characters.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Sequence

__all__ = [
    "LONG_TEXT", "at_word_start", "character_class", "characters", "earliest", "every", "joined",
    "latin_runs", "runs",
]  # fmt: skip


def earliest(
    patterns: Sequence[re.Pattern[str]], text: str, pos: int = 0, endpos: int = sys.maxsize
) -> re.Match[str] | None:
    """The first match of any of patterns in text[pos:endpos]; at one place, the first's."""
    found = [match for pattern in patterns if (match := pattern.search(text, pos, endpos))]
    return min(found, key=re.Match.start, default=None)


def every(patterns: Sequence[re.Pattern[str]], text: str) -> list[re.Match[str]]:
    """Every match of each of patterns, in the order they stand in text."""
    return sorted((m for pattern in patterns for m in pattern.finditer(text)), key=re.Match.start)


def at_word_start(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """``pattern.search(text)`` as if the pattern began with ``(?<![a-z])``.

    The lookbehind is checked on each match instead: a pattern starting with its words'
    letters lets the engine skip to them, where one starting with a lookbehind is tried
    at every place of the text.
    """
    pos = 0
    while (match := pattern.search(text, pos)) is not None:
        start = match.start()
        if not start or not "a" <= text[start - 1] <= "z":
            return match
        pos = start + 1
    return None


# Where English words (or 11/18) can be: runs of ASCII, spaces and digits holding a letter.
_LETTER = re.compile(r"[a-z]")
_RUN = re.compile(r"[\x00-\x7f\s\d]*")
LONG_TEXT = 400  # below this, scanning all of a text is cheaper than finding its runs


def latin_runs(text: str, mark: re.Pattern[str] = _LETTER) -> list[tuple[int, int]]:
    """The spans of a folded text where a pattern of English words can match: the runs of
    ASCII, spaces and digits that hold a letter (or another ``mark``, such as a slash).

    Such a pattern, scanned over these spans only (``finditer(text, start, end)``), finds
    what it finds over the whole text: its matches hold a mark and none of the characters
    that end a run, its lookbehinds still see the text before a run, and its negative
    lookaheads at a run's end see a character no English word holds.
    """
    return runs(text, mark, _RUN)


def runs(
    text: str, mark: re.Pattern[str], run: re.Pattern[str], *, after: int = 0
) -> list[tuple[int, int]]:
    """The spans of text made of ``run``'s characters (``run`` is ``[…]*``) that hold a
    ``mark`` (one of those characters), each with ``after`` characters more.

    A pattern whose matches are made of those characters and hold a mark matches only
    inside such a run. Scanned over the spans (``finditer(text, start, end)``) it finds
    what it finds over the whole text when its lookaheads see at most ``after``
    characters past what it takes: its lookbehinds see the text before a span anyway.
    A short text is one span.
    """
    if len(text) < LONG_TEXT:
        return [(0, len(text))]
    spans: list[tuple[int, int]] = []
    if (found := mark.search(text)) is None:
        return spans
    backwards = text[::-1]  # a run's start is where it ends, read backwards
    size = len(text)
    while found is not None:
        before = run.match(backwards, size - found.start())
        end = run.match(text, found.start())
        assert before is not None and end is not None and end.end() > found.start()
        spans.append((size - before.end(), min(size, end.end() + after)))
        found = mark.search(text, end.end())
    return spans


def joined(spans: list[tuple[int, int]], gap: int) -> list[tuple[int, int]]:
    """Spans (in order, apart) with those fewer than gap characters apart made one.

    Scanning the few characters between two spans costs less than starting one more
    scan, and finds nothing there that a scan of the whole text would not: what stands
    between is no run a match can be in, and each lookahead then sees as far as over the
    whole text.
    """
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start - merged[-1][1] < gap:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


class _Searched:
    """The characters of a long text, each asked about searched for in it."""

    def __init__(self, text: str) -> None:
        self._text = text

    def isdisjoint(self, chars: Iterable[str]) -> bool:
        """Whether the text holds none of chars."""
        return not any(char in self._text for char in chars)


def character_class(chars: Iterable[str]) -> re.Pattern[str]:
    """A pattern matching any one of chars: what ``characters`` is to look for."""
    return re.compile("[" + re.escape("".join(sorted(set(chars)))) + "]")


def characters(text: str, among: re.Pattern[str]) -> set[str] | _Searched:
    """The characters text holds of those ``among`` matches (``character_class``), to ask
    ``isdisjoint`` of many sets of them.

    A short text's are a set, found in one scan (``set(text)`` would hash every
    character). A long one is searched for each character asked about, which costs less
    than making the set of all it holds.
    """
    return set(among.findall(text)) if len(text) < LONG_TEXT else _Searched(text)
