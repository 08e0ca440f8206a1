"""Parsing speed: typical messages and a 4,096-character one, against a floor in the same run.

The parser: the real ``ReportParser`` built as the bot builds it, for the sample
organisation (its metric catalogue and its branches by name and alias). The messages: the
texts of ``tests/unit/parse_corpus.jsonl``, each parsed on its own ``today``, and one
message of exactly 4,096 characters (Telegram's longest) made of those texts one per line,
report lines and chatter alike. The floor does the least any reading of the text must do:
``fold()`` (full-width to ASCII, lower case) and one ``finditer`` of the metric keyword
regex over it, timed interleaved with the parse of the same text so both see the same
machine. Garbage collection runs as it would in the bot: what start-up built is frozen
(``settle_heap``), and so are pypinyin's tables once the first slip loads them. Reported:
microseconds per typical message and milliseconds for the long one (p50, p95, p99), the
floor's, their ratio, and whether issue 10's targets hold (typical p50 <= 50 µs, long p99
<= 10 ms). Wall-clock times: on a shared machine the tail includes other processes.
Prints one JSON document.

    taskset -c 0 .venv/bin/python benchmarks/bench_parse.py [--small] [--rounds N] [--long-runs N]

Pinned to one core: unpinned, a move between cores lands in the long message's p99.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.app.runner import settle_heap
from bot.core.parsing import ReportParser
from bot.core.parsing.numbers import fold
from bot.core.parsing.tokens import Lexer
from bot.offline.sample import load_sample_org

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "unit" / "parse_corpus.jsonl"
LONG_CHARS = 4096  # Telegram's longest message
TARGET_TYPICAL_P50_US = 50.0
TARGET_LONG_P99_MS = 10.0

Message = tuple[str, dt.date]


def build_parser() -> tuple[ReportParser, Callable[[str], int]]:
    """The parser as the bot builds it, and the floor: fold plus one keyword scan."""
    org = load_sample_org()
    catalogue = org.catalogue()
    parser = ReportParser(catalogue, {b.code: (b.name, *b.aliases) for b in org.branches})
    keywords = Lexer(catalogue).keyword_re

    def floor(text: str) -> int:
        return sum(1 for _ in keywords.finditer(fold(text, lower=True)))

    settle_heap()  # as ``libbot run`` does once started
    return parser, floor


def typical_messages() -> list[Message]:
    """Every corpus text with the day it is parsed on."""
    rows = [json.loads(line) for line in CORPUS.read_text("utf-8").splitlines() if line.strip()]
    return [(row["text"], dt.date.fromisoformat(row["today"])) for row in rows]


def long_message(messages: list[Message], length: int = LONG_CHARS) -> str:
    """Exactly ``length`` characters: the corpus texts one per line, over again as needed."""
    lines: list[str] = []
    size = 0
    while size < length:
        for text, _ in messages:
            lines.append(text)
            size += len(text) + 1
            if size >= length:
                break
    return "\n".join(lines)[:length]


def percentiles(values: list[float], scale: float) -> dict[str, float]:
    """p50, p95 and p99 of ``values`` (nanoseconds) divided by ``scale``."""
    ordered = sorted(values)

    def at(share: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))] / scale, 2)

    return {"p50": at(0.50), "p95": at(0.95), "p99": at(0.99)}


def interleaved(
    parser: ReportParser,
    floor: Callable[[str], int],
    messages: list[Message],
    rounds: int,
) -> tuple[list[float], list[float]]:
    """Nanoseconds of each parse and of the floor on the same text, one after the other."""
    parse_ns: list[float] = []
    floor_ns: list[float] = []
    clock = time.perf_counter_ns
    for text, today in messages:  # warm up: compiled patterns, caches
        parser.parse(text, today)
        floor(text)
    gc.collect()  # collections during the run stay in: the bot has them too
    for _ in range(rounds):
        for text, today in messages:
            start = clock()
            parser.parse(text, today)
            middle = clock()
            floor(text)
            end = clock()
            parse_ns.append(middle - start)
            floor_ns.append(end - middle)
    return parse_ns, floor_ns


def typical(
    parser: ReportParser, floor: Callable[[str], int], messages: list[Message], rounds: int
) -> dict[str, Any]:
    """Microseconds per typical message, the floor's, and the target."""
    parse_ns, floor_ns = interleaved(parser, floor, messages, rounds)
    parse, base = percentiles(parse_ns, 1e3), percentiles(floor_ns, 1e3)
    return {
        "messages": len(messages),
        "rounds": rounds,
        "parse_us": parse,
        "floor_us": base,
        "ratio_p50": round(parse["p50"] / base["p50"], 1),
        "target_p50_us": TARGET_TYPICAL_P50_US,
        "meets_target": parse["p50"] <= TARGET_TYPICAL_P50_US,
    }


def long(
    parser: ReportParser, floor: Callable[[str], int], text: str, today: dt.date, runs: int
) -> dict[str, Any]:
    """Milliseconds for the 4,096-character message, the floor's, and the target."""
    parse_ns, floor_ns = interleaved(parser, floor, [(text, today)], runs)
    parse, base = percentiles(parse_ns, 1e6), percentiles(floor_ns, 1e6)
    return {
        "chars": len(text),
        "lines": text.count("\n") + 1,
        "runs": runs,
        "parse_ms": parse,
        "floor_ms": base,
        "ratio_p50": round(parse["p50"] / base["p50"], 1),
        "target_p99_ms": TARGET_LONG_P99_MS,
        "meets_target": parse["p99"] <= TARGET_LONG_P99_MS,
    }


def run(rounds: int, long_runs: int) -> dict[str, Any]:
    """Both measurements on one parser."""
    parser, floor = build_parser()
    messages = typical_messages()
    text = long_message(messages)
    return {
        "python": platform.python_version(),
        "floor": "fold(text, lower=True) + one finditer of the metric keyword regex",
        "typical": typical(parser, floor, messages, rounds),
        "long": long(parser, floor, text, dt.date(2026, 11, 20), long_runs),
    }


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--small", action="store_true", help="20 rounds, 30 long runs")
    args.add_argument("--rounds", type=int, default=200, help="passes over the corpus")
    args.add_argument("--long-runs", type=int, default=300, help="parses of the long message")
    options = args.parse_args()
    rounds, long_runs = (20, 30) if options.small else (options.rounds, options.long_runs)
    print(json.dumps(run(rounds, long_runs), ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
