"""Long HTML texts in parts that each fit in one Telegram message."""

from __future__ import annotations

MESSAGE_LIMIT = 4096  # Telegram's longest text message, in characters


def split_text(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """``text`` in parts of at most ``limit`` characters, cut between blocks (blank lines)
    where possible, else between lines; a tag never spans a line, so none is cut."""
    pieces: list[str] = []
    for block in text.split("\n\n"):
        if len(block) <= limit:
            pieces.append(block)
        else:  # a block too long for one message: runs of whole lines (a huge line is cut)
            lines = [cut for line in block.split("\n") for cut in _cut(line, limit)]
            pieces.extend(_pack(lines, "\n", limit))
    return _pack(pieces, "\n\n", limit) or [""]


def _cut(line: str, limit: int) -> list[str]:
    """A line in lengths of at most ``limit`` (an empty line stays one empty line)."""
    return [line[i : i + limit] for i in range(0, len(line), limit)] or [""]


def _pack(pieces: list[str], separator: str, limit: int) -> list[str]:
    """Join consecutive pieces with ``separator`` while the result fits in ``limit``."""
    parts: list[str] = []
    current = ""
    for piece in pieces:
        joined = f"{current}{separator}{piece}" if current else piece
        if len(joined) <= limit:
            current = joined
        else:
            parts.append(current)
            current = piece
    parts.append(current)
    return [p for p in parts if p]
