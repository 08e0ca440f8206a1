"""The words a sender wrote beside the figures, kept as the reason for an unusual value."""

from __future__ import annotations

import re

__all__ = ["remark"]

_CLAUSE = re.compile(r"[^，,。.;；！!？?\n]+")
_FIGURE_LIKE = re.compile(r"[\d０-９〇零一二三四五六七八九十百千万萬两兩廿卅]")
_EDGES = " \t:：、（）()【】[]\"'“”‘’#"
MAX_LENGTH = 200


def remark(text: str) -> str:
    """The clauses of ``text`` with nothing like a figure in them (``到馆3100，今天有书市`` →
    ``今天有书市``); the whole message when every clause has one. At most 200 characters."""
    clauses = [c.strip(_EDGES) for c in _CLAUSE.findall(text) if not _FIGURE_LIKE.search(c)]
    words = "，".join(c for c in clauses if c)
    return (words or text.strip())[:MAX_LENGTH]
