"""A person's name as Telegram gives it (first and last name), in the order it is read."""

from __future__ import annotations

import re

__all__ = ["person_name"]

# Han ideographs (and their extensions), kana and Hangul: names written family name first
_CJK = re.compile(
    "[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f]"
)


def person_name(first: str, last: str | None) -> str:
    """The name to call someone by: 李小芳 from first 小芳 and last 李, Emma Wilson as given.

    Telegram asks for a first and a last name; Chinese users put the given name first and
    the family name last, so a name with a CJK part is read family name first, run
    together when both parts are CJK (李小芳), else with a space (李 Emma).
    """
    first, last = first.strip(), (last or "").strip()
    if not first or not last:
        return first or last
    if not (_CJK.search(first) or _CJK.search(last)):
        return f"{first} {last}"
    return f"{last}{first}" if _all_cjk(first) and _all_cjk(last) else f"{last} {first}"


def _all_cjk(part: str) -> bool:
    return all(_CJK.fullmatch(char) for char in part)
