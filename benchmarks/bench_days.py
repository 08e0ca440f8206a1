"""Duckling's single-day, past-or-today examples, written as staff would send them.

Each expression of ``tests/references/duckling_{zh,en}_days.jsonl`` goes through the real
parser as ``<expression> 到馆 5`` (Chinese) or ``<expression> 5 visitors`` (English) on
Duckling's reference day, 2013-02-12. A case *passes* when the figure is stored under the
expected day, is *refused* when the parse has an error (nothing stored), and is *misfiled*
when it would be stored under any other day: the one outcome the product must never give.
Days before 2000 are expected to be refused (the product's rule). Prints one JSON document.

    .venv/bin/python benchmarks/bench_days.py
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.core.metrics import MetricCatalogue
from bot.core.parsing import ReportParser

REFERENCES = Path(__file__).resolve().parents[1] / "tests" / "references"
CORPORA = {"zh": "duckling_zh_days.jsonl", "en": "duckling_en_days.jsonl"}
TODAY = dt.date(2013, 2, 12)
FIRST_YEAR = 2000


def cases(name: str) -> list[dict[str, str]]:
    """The examples of one corpus, without its header line."""
    lines = (REFERENCES / CORPORA[name]).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines[1:] if line.strip()]


def run(name: str, parser: ReportParser | None = None) -> dict[str, Any]:
    """Counts and failures of one corpus."""
    parser = parser or ReportParser(MetricCatalogue.default())
    rows = cases(name)
    passes, to_store = 0, 0
    refused: list[dict[str, str]] = []
    misfiled: list[dict[str, str]] = []
    for row in rows:
        text = f"{row['text']} 到馆 5" if name == "zh" else f"{row['text']} 5 visitors"
        expected = dt.date.fromisoformat(row["date"])
        result = parser.parse(text, TODAY)
        must_refuse = expected.year < FIRST_YEAR
        to_store += not must_refuse
        if result.error is not None:
            refused.append({"text": text, "code": result.error.code, "rule": must_refuse})
        elif result.date == expected and result.figures == {"visitors": 5} and not must_refuse:
            passes += 1
        else:
            misfiled.append({"text": text, "date": result.date.isoformat(), "meant": row["date"]})
    return {
        "count": len(rows),
        "to_store": to_store,
        "passes": passes,
        "pass_rate": round(passes / to_store, 4),
        "refused": len(refused),
        "refused_by_rule": sum(bool(r["rule"]) for r in refused),
        "misfiled": len(misfiled),
        "refused_cases": refused,
        "misfiled_cases": misfiled,
    }


def main() -> None:
    parser = ReportParser(MetricCatalogue.default())
    report = {name: run(name, parser) for name in CORPORA}
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
