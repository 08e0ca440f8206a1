"""Numerals from public references read as staff would send them: ``到馆<numeral>``.

The references are cn2an's own test cases (``cn2an/cn2an_test.py``) and Duckling's Chinese
numeral corpus (``Duckling/Numeral/ZH/Corpus.hs``), kept as examples under
``tests/references/``. Each numeral in scope goes through the real parser; it *passes* when
exactly ``{"visitors": value}`` is stored (or, above a day's maximum, when it is refused as
absurd with exactly that value), is *refused* when nothing is stored, and is *misread* when a
wrong value is stored or named (this must never happen). Prints one JSON document.

    .venv/bin/python benchmarks/bench_references.py
"""

from __future__ import annotations

import datetime
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.core.metrics import MetricCatalogue
from bot.core.parsing import ReportParser

REFERENCES = Path(__file__).resolve().parents[1] / "tests" / "references"
CORPORA = {
    "cn2an_integers": "cn2an_integers.jsonl",
    "duckling_zh_numerals": "duckling_zh_numerals.jsonl",
}
TODAY = datetime.date(2026, 11, 20)


def examples(corpus: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The header line (where the examples come from) and the examples of one corpus."""
    lines = (REFERENCES / CORPORA[corpus]).read_text(encoding="utf-8").splitlines()
    header, *rows = (json.loads(line) for line in lines if line.strip())
    return header, rows


def out_of_scope(row: dict[str, Any]) -> str | None:
    """Why an example is not a whole non-negative count staff could send, or None."""
    value, text = row["value"], row["text"]
    if row.get("mode") == "direct":
        return "digit string (cn2an direct mode), not an amount"
    if isinstance(value, bool) or not isinstance(value, int):
        return "not a whole number"
    if value < 0:
        return "negative"
    if any(c in text for c in "元圆角"):
        return "an amount of money"
    if any(c in text for c in "對双雙打"):
        return "counted in pairs or dozens (對 雙 打), not a numeral"
    return None


def run(parser: ReportParser | None = None) -> dict[str, Any]:
    """For each corpus: counts of passes, refusals and misreadings, with the failing cases."""
    catalogue = MetricCatalogue.default()
    parser = parser or ReportParser(catalogue)
    daily_max = catalogue.get("visitors").daily_max
    report: dict[str, Any] = {}
    for corpus in CORPORA:
        header, rows = examples(corpus)
        skipped: Counter[str] = Counter()
        passes = too_large = 0
        refused: list[dict[str, Any]] = []
        misread: list[dict[str, Any]] = []
        for row in rows:
            if (reason := out_of_scope(row)) is not None:
                skipped[reason] += 1
                continue
            value, text = row["value"], f"到馆{row['text']}"
            result = parser.parse(text, TODAY)
            error = result.error
            stored = result.figures.get("visitors") if error is None else None
            named = error.value if error is not None and error.code == "absurd" else None
            if stored == value and result.figures == {"visitors": value}:
                passes += 1
            elif named == value and value > daily_max:
                passes += 1
                too_large += 1
            elif (stored is not None and stored != value) or (named is not None and named != value):
                misread.append({"text": text, "value": value, "read": stored or named})
            else:
                reason = error.code if error is not None else "nothing read"
                refused.append({"text": text, "value": value, "reason": reason})
        count = passes + len(refused) + len(misread)
        report[corpus] = {
            "source": f"{header['source']} {header['path']} @ {header['commit'][:12]}",
            "count": count,
            "passes": passes,
            "pass_rate": round(passes / count, 4) if count else None,
            "passes_refused_as_absurd": too_large,
            "refused": len(refused),
            "misread": len(misread),
            "out_of_scope": dict(skipped),
            "refused_cases": refused,
            "misread_cases": misread,
        }
    return report


if __name__ == "__main__":
    print(json.dumps(run(), ensure_ascii=False, indent=2))
