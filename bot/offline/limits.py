"""Telegram's sending limits as the stand-in enforces them: about 30 messages a second
overall, one a second per private chat, 20 a minute per group."""

from __future__ import annotations

from collections import deque


class SendLimits:
    """The sends of the last minute, and how long a new one would have to wait."""

    def __init__(self) -> None:
        self._overall: deque[float] = deque()
        self._last_private: dict[int, float] = {}
        self._groups: dict[int, deque[float]] = {}

    def wait(self, chat_id: int, now: float) -> float:
        """Seconds a send to ``chat_id`` at ``now`` is too early by (0: it may go)."""
        overall = self._overall
        while overall and now - overall[0] >= 1.0:
            overall.popleft()
        if len(overall) >= 30:
            return 1.0 - (now - overall[0])
        if chat_id > 0:
            last = self._last_private.get(chat_id)
            return 1.0 - (now - last) if last is not None and now - last < 1.0 else 0.0
        group = self._groups.get(chat_id)
        while group and now - group[0] >= 60.0:
            group.popleft()
        return 60.0 - (now - group[0]) if group and len(group) >= 20 else 0.0

    def count(self, chat_id: int, now: float) -> None:
        """Note a send to ``chat_id`` that went out at ``now``."""
        self._overall.append(now)
        if chat_id > 0:
            self._last_private[chat_id] = now
        else:
            self._groups.setdefault(chat_id, deque()).append(now)
