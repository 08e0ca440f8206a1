"""Titles of events that staff name in a report: 《冬日童话》绘本共读, "Lunar New Year crafts"."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

__all__ = ["EVENT_METRICS", "MAX_LENGTH", "MAX_TITLES", "event_titles", "report_event_titles"]

EVENT_METRICS = frozenset({"events", "online_events", "event_participants"})
"""A report must count one of these for its quotes to be read as event titles."""

MAX_TITLES = 10
MAX_LENGTH = 60  # longer than this between two marks is not a title
_REACH = 4 * MAX_LENGTH  # how far to look for a closing mark (spaces collapse, so > 60)

# Each opening mark and the marks that may close it. Phones mix curly and straight double
# quotes (“非遗剪纸"), so those close each other; a straight quote never nests.
_PAIRS = {
    "《": "》",
    "〈": "〉",
    "「": "」",
    "『": "』",
    "“": '”"',
    "‘": "’",
    '"': '"”',
}
_EDGE = " ,，、;；:："  # a list's commas caught inside the marks ("crafts," 40 participants)


def event_titles(text: str) -> tuple[str, ...]:
    """The titles quoted in ``text``, in order, each once, at most :data:`MAX_TITLES`.

    A title is what stands between one of the marks 《》 〈〉 “” ‘’ 「」 『』 or "" on one
    line, without the marks, its spaces collapsed. The outer marks win (《读〈论语〉》 is
    ``读〈论语〉``); an unclosed mark is text. Empty titles, titles longer than
    :data:`MAX_LENGTH` and titles with no letter in them (“2026”, "1,234") are left out.
    """
    titles: list[str] = []
    seen: set[str] = set()
    for title in _quoted(text):
        if title.casefold() not in seen:
            seen.add(title.casefold())
            titles.append(title)
            if len(titles) == MAX_TITLES:
                break
    return tuple(titles)


def report_event_titles(text: str, figures: Mapping[str, int]) -> tuple[str, ...]:
    """The event titles of a report: none unless it counts events or their participants.

    Without an event figure (or with only zeros) quotes in a message are just quotes.
    """
    if not any(figures.get(code, 0) > 0 for code in EVENT_METRICS):
        return ()
    return event_titles(text)


def _quoted(text: str) -> Iterator[str]:
    """Every acceptable title between marks, outermost pairs only."""
    start = 0
    while start < len(text):
        closers = _PAIRS.get(text[start])
        end = None if closers is None else _closing(text, start, closers)
        if end is None:
            start += 1
            continue
        title = _clean(text[start + 1 : end])
        if len(title) > MAX_LENGTH:
            start += 1  # two stray marks far apart: look for titles between them
            continue
        if any(char.isalpha() for char in title):
            yield title
        start = end + 1


def _closing(text: str, start: int, closers: str) -> int | None:
    """Where the mark at ``start`` is closed on its line (nested pairs skipped), or None.

    Only the next :data:`_REACH` characters are searched: a message of stray marks must
    not take quadratic time.
    """
    opener, depth = text[start], 0
    for index in range(start + 1, min(len(text), start + 2 + _REACH)):
        char = text[index]
        if char == "\n":
            return None
        if char in closers and not _apostrophe(text, index):
            if depth == 0:
                return index
            depth -= 1
        elif char == opener:
            depth += 1
    return None


def _apostrophe(text: str, index: int) -> bool:
    """A ’ between two Latin letters (children’s) is an apostrophe, not a closing mark."""
    if text[index] != "’" or index + 1 == len(text):
        return False
    before, after = text[index - 1], text[index + 1]
    return before.isascii() and before.isalpha() and after.isascii() and after.isalpha()


def _clean(title: str) -> str:
    """Spaces collapsed, a sentence's stray punctuation off the ends, wrapping marks off."""
    title = " ".join(title.split()).strip(_EDGE)
    if title.endswith((".", "。")) and not title.endswith(("..", "。。")):
        title = title[:-1].rstrip(_EDGE)  # "Lunar New Year crafts." ends a sentence
    while len(title) >= 2 and (closers := _PAIRS.get(title[0])) is not None:
        if _closing(title, 0, closers) != len(title) - 1:
            break
        title = title[1:-1].strip(_EDGE)  # “《三体》” names the book 三体
    return title
