"""What ``libbot run`` loads at start: the big libraries wait until they are first needed
(matplotlib and numpy for a chart, openpyxl for a workbook, pypinyin for a slip)."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("matplotlib", "numpy", "openpyxl", "pypinyin")
PROBE = """
import datetime as dt, json, sys
import bot.cli.run, bot.app.services
from bot.core.metrics import MetricCatalogue
from bot.core.parsing.parser import ReportParser

heavy = {heavy!r}
loaded = lambda: sorted({{m.split(".")[0] for m in sys.modules}} & set(heavy))
parser = ReportParser(MetricCatalogue.default())
at_start = loaded()
named = parser.parse("到馆 120", dt.date(2026, 11, 19))
after_named = loaded()
slip = parser.parse("到官 120", dt.date(2026, 11, 19))
print(json.dumps([at_start, after_named, loaded(), sorted(slip.figures)]))
"""


def probe() -> list[list[str]]:
    """What a fresh interpreter has loaded at start, after a report, after a slip."""
    code = PROBE.format(heavy=HEAVY)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True, text=True)
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def test_nothing_heavy_is_loaded_until_a_slip_needs_pypinyin() -> None:
    at_start, after_named, after_slip, slip_metrics = probe()
    assert at_start == []
    assert after_named == []  # a report that names its metric does not sound words out
    assert after_slip == ["pypinyin"] and slip_metrics == ["visitors"]
