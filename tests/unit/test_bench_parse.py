"""The parse speed benchmark runs (with tiny counts: it proves the script works, not speed)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from tests.benchmark_scripts import load_benchmark

CORPUS = Path(__file__).with_name("parse_corpus.jsonl")


def test_the_benchmark_reports_both_measurements_against_its_floor() -> None:
    report = load_benchmark("bench_parse").run(rounds=1, long_runs=2)
    json.dumps(report)  # what main prints
    typical, long = report["typical"], report["long"]
    assert typical["messages"] == len(CORPUS.read_text("utf-8").splitlines())
    assert long["chars"] == 4096 and long["lines"] > 100
    for part, unit in ((typical, "us"), (long, "ms")):
        assert set(part[f"parse_{unit}"]) == set(part[f"floor_{unit}"]) == {"p50", "p95", "p99"}
        assert part["ratio_p50"] > 0 and isinstance(part["meets_target"], bool)


def test_the_long_message_is_report_lines_and_chatter() -> None:
    bench = load_benchmark("bench_parse")
    messages = bench.typical_messages()
    text = bench.long_message(messages)
    assert len(text) == bench.LONG_CHARS
    assert text.startswith(messages[0][0] + "\n" + messages[1][0])
    parser, floor = bench.build_parser()
    result = parser.parse(text, dt.date(2026, 11, 20))
    assert result.figures and result.warnings  # a real parse, every part of it said
    assert floor("到馆1234，外借560") == 2  # the floor finds the two metric words


def test_the_differential_check_covers_corpora_and_long_generated_messages() -> None:
    check = load_benchmark("diff_parse")
    messages = list(check.messages(generated=300, seed=1))
    ids = [ident for ident, _, _ in messages]
    assert len(set(ids)) == len(ids)  # results line up by id from run to run
    assert sum(ident.startswith("corpus:") for ident in ids) == len(
        CORPUS.read_text("utf-8").splitlines()
    )
    assert any(ident.startswith("duckling_zh_days:") for ident in ids)
    assert max(len(text) for _, text, _ in messages) == check.LONG_CHARS
    assert messages == list(check.messages(generated=300, seed=1))  # the same each run
    records = list(check.results(check.HERE, generated=3, seed=1))
    assert len(records) == 3 * (len(messages) - 297)  # three parsers for each message
    assert {"id", "json", "warnings", "error"} == set(records[0])
