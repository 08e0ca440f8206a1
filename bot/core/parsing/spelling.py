"""Input-method slips: a word typed with the right pinyin but the wrong characters
(到官 or 到管 for 到馆, 外接 for 外借, 半证 for 办证) before a number is read as the metric
word it sounds like, and the reply says what was assumed.

pypinyin is imported when a word is first sounded out, not with this module: its phrase
dictionary is about 55 MB, most of what ``libbot run`` would hold idle, and a report that
names its metric (到馆 120) never needs it.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterable
from functools import cached_property, lru_cache

from bot.core.parsing.result import ParseIssue
from bot.core.parsing.tokens import trie

__all__ = ["Homophones"]

_LONGEST = 6  # characters looked at before a number


@lru_cache(maxsize=1)
def _pinyin() -> Callable[[str], list[str]]:
    """pypinyin's ``lazy_pinyin``, imported on first use (55 MB, see the module docstring).

    Its tables, about 190,000 lists, live as long as the process: they are then set
    outside the garbage collector's reach (``gc.freeze``, as ``libbot run`` does with what
    start-up built), or every full collection would walk them again, milliseconds each in
    the middle of a parse.
    """
    from pypinyin import lazy_pinyin

    gc.freeze()
    return lazy_pinyin


@lru_cache(maxsize=4096)
def _sound(word: str) -> tuple[str, ...]:
    """The word's pinyin without tones: 到官 and 到馆 both sound ('dao', 'guan')."""
    return tuple(_pinyin()(word))


class Homophones:
    """The metric words of one catalogue by their sound, and the repair of slips."""

    def __init__(self, keywords: Iterable[str]) -> None:
        words = {w for w in keywords if len(w) >= 2 and all("\u4e00" <= c <= "\u9fff" for c in w)}
        self._words = frozenset(words)
        self._any_word = re.compile(trie(sorted(words)))
        # Possessive: what follows a run's last character cannot be another one, so only a
        # match that takes the run to its end is followed by the number; shorter ones need
        # not be tried (the matches are those of the greedy {2,6}). The first character is
        # written apart so that the pattern starts with a set the engine skips to, past
        # every digit, letter and space, where a repeat is tried at each place.
        self._before_number = re.compile(
            rf"[\u4e00-\u9fff][\u4e00-\u9fff]{{1,{_LONGEST - 1}}}+(?=[ \t:：]*\d)"
        )

    @cached_property
    def _by_sound(self) -> dict[tuple[str, ...], str]:
        """Each metric word by its sound, worked out when the first slip is looked up."""
        by_sound: dict[tuple[str, ...], set[str]] = {}
        for word in self._words:
            by_sound.setdefault(_sound(word), set()).add(word)
        # A sound two metric words share would be a guess between them: not repaired.
        return {s: next(iter(ws)) for s, ws in by_sound.items() if len(ws) == 1}

    @cached_property
    def _lengths(self) -> list[int]:
        return sorted({len(w) for w in self._by_sound.values()}, reverse=True)

    def repair(self, low: str, text: str) -> tuple[str, list[ParseIssue]]:
        """``low`` with each slip before a number replaced by the word it sounds like (the
        same length, so positions carry over), and an ``assumed_spelling`` note for each."""
        if not self._words:
            return low, []
        notes: list[ParseIssue] = []
        for match in self._before_number.finditer(low):
            run = match.group()
            if run in self._words or self._any_word.search(run):
                continue  # a metric word is there already (外借约1,234): nothing to repair
            for length in self._lengths:
                if length > len(run):
                    continue
                written = run[-length:]
                meant = self._by_sound.get(_sound(written))
                if meant is not None:
                    start = match.end() - length
                    low = low[:start] + meant + low[match.end() :]
                    notes.append(
                        ParseIssue("assumed_spelling", text=text[start : match.end()], meant=meant)
                    )
                    break
        return low, notes
