"""The cyclic garbage collector paused while a chart is drawn, its leftovers freed after.

A chart's artists, thousands of objects in reference cycles, live until its PNG is written.
With the collector on, they outlive its young collections into the oldest generation, and
the full collections they bring on there walk the whole heap: a tenth of a second now and
then in a big process, the slowest twentieth of the digest's charts. Paused, they stay
young and go in one collection of the youngest generation, a millisecond or two.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["CollectorPause", "collector_paused"]


class CollectorPause:
    """Pauses the collector while any thread is inside; the last one out resumes it,
    unless it was off when the first came in."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._inside = 0
        self._resume = False

    @contextmanager
    def __call__(self) -> Iterator[None]:
        with self._lock:
            if self._inside == 0:
                self._resume = gc.isenabled()
                gc.disable()
            self._inside += 1
        try:
            yield
        finally:
            with self._lock:
                self._inside -= 1
                if self._inside == 0 and self._resume:
                    gc.enable()
                    gc.collect(0)


collector_paused = CollectorPause()
