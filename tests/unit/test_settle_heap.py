"""``libbot run`` sets its start-up heap outside the garbage collector once started."""

from __future__ import annotations

import gc
import weakref

from bot.app.runner import settle_heap


class _Node:
    def __init__(self) -> None:
        self.other: _Node | None = None


def test_the_garbage_goes_first_and_what_lives_is_frozen() -> None:
    kept = [_Node() for _ in range(50)]
    cycle = _Node()
    cycle.other = _Node()
    cycle.other.other = cycle  # garbage only a collection frees
    gone = weakref.ref(cycle)
    del cycle
    try:
        settle_heap()
        assert gone() is None, "the cycle was collected before the freeze"
        assert gc.get_freeze_count() >= len(kept)
        assert all(gc.is_tracked(node) for node in kept)
        oldest = {id(obj) for obj in gc.get_objects(generation=2)}
        assert not any(id(node) in oldest for node in kept), "frozen, not in a generation"
    finally:
        gc.unfreeze()
