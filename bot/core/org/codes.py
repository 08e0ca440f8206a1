"""A code for a branch added in chat, from its name: 新华路服务点 → ``xinhualufuwudian``."""

from __future__ import annotations

import re
from collections.abc import Collection

from bot.core.org.sections import BRANCH_CODE_LIMIT


def branch_code(name: str, taken: Collection[str]) -> str:
    """A code for ``name`` that is not in ``taken``: its pinyin, else its initials when
    that is too long, and ``_2``, ``_3``… after a code already used. Always ``[a-z0-9_]+``
    and at most ``BRANCH_CODE_LIMIT`` characters."""
    from pypinyin import Style, lazy_pinyin  # 55 MB, for a rare command

    base = _plain("".join(lazy_pinyin(name)))
    if len(base) > BRANCH_CODE_LIMIT:
        base = _plain("".join(lazy_pinyin(name, style=Style.FIRST_LETTER)))
    base = base[:BRANCH_CODE_LIMIT].strip("_") or "branch"
    code, n = base, 1
    while code in taken:
        n += 1
        suffix = f"_{n}"
        code = base[: BRANCH_CODE_LIMIT - len(suffix)].rstrip("_") + suffix
    return code


def _plain(text: str) -> str:
    """Lower-case letters, digits and single underscores only."""
    return re.sub(r"_+", "_", re.sub(r"[^a-z0-9]+", "_", text.casefold())).strip("_")
