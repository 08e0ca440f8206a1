"""Plausible daily figures for the sample organisation's year so far (the demo's backdrop).

Deterministic: the same seed gives the same year. Levels follow the 2020 plan of
东城区第一图书馆 (60万 visits, 40万 loans a year across the system), with quieter
weekdays, busy weekends and a 春节 dip in February.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path

from bot.core.org import Organisation

# Typical open-day values per branch kind: visitors, loans, loan_patrons, new_cards.
# Summed over the sample branches they land near the plan's pace.
KIND_LEVELS = {
    "central": (600, 420, 180, 6),
    "branch": (420, 290, 120, 3),
    "partner": (180, 120, 50, 1.5),
    "subdistrict": (110, 70, 30, 1),
    "service_point": (35, 20, 9, 0.3),
}
# The central library also runs the system's digital services (per open day).
CENTRAL_DIGITAL = {
    "digital_clicks": 6000,
    "downloads": 1300,
    "web_pageviews": 2000,
    "wechat_views": 210,
}
MONTH_FACTOR = {1: 0.95, 2: 0.6, 3: 0.9, 4: 1.0, 5: 1.0, 6: 1.0, 7: 1.25, 8: 1.3,
                9: 0.95, 10: 0.95, 11: 0.95, 12: 0.9}  # fmt: skip
WEEKDAY_FACTOR = (1.0, 0.85, 0.85, 0.9, 0.95, 1.35, 1.4)


def generate(
    org: Organisation, start: dt.date, end: dt.date, seed: int = 2026
) -> Iterator[tuple[str, dt.date, str, int]]:
    """(branch, day, metric, value) for every open day from ``start`` to ``end`` inclusive."""
    rng = random.Random(seed)
    followers = 6200
    day = start
    while day <= end:
        for branch in org.branches:
            if day.weekday() in branch.closed_weekdays:
                continue
            visitors, loans, patrons, cards = KIND_LEVELS[branch.kind]
            factor = MONTH_FACTOR[day.month] * WEEKDAY_FACTOR[day.weekday()]
            for metric, level in (
                ("visitors", visitors),
                ("loans", loans),
                ("loan_patrons", patrons),
                ("new_cards", cards),
            ):
                yield branch.code, day, metric, max(0, round(level * factor * rng.gauss(1, 0.12)))
            if rng.random() < (0.5 if branch.kind == "central" else 0.2):
                events = 1 + (rng.random() < 0.3)
                yield branch.code, day, "events", events
                yield branch.code, day, "event_participants", events * rng.randint(15, 60)
            if branch.kind == "central":
                followers += rng.randint(0, 12)
                yield branch.code, day, "wechat_followers", followers
                for metric, level in CENTRAL_DIGITAL.items():
                    yield branch.code, day, metric, round(level * rng.gauss(1, 0.2))
                if day.weekday() in (1, 4):  # new books are catalogued twice a week
                    titles = round(180 * rng.gauss(1, 0.15))
                    yield branch.code, day, "acquisitions_titles", titles
                    yield branch.code, day, "acquisitions_volumes", titles * 2
        day += dt.timedelta(days=1)


def month_totals(
    figures: Iterator[tuple[str, dt.date, str, int]],
) -> dict[tuple[str, str, str], int]:
    """(branch, metric, 'YYYY-MM') -> the month's total of daily figures."""
    totals: dict[tuple[str, str, str], int] = {}
    for branch, day, metric, value in figures:
        key = (branch, metric, f"{day:%Y-%m}")
        totals[key] = totals.get(key, 0) + value
    return totals


def fill_template(path: Path, org: Organisation, totals: dict[tuple[str, str, str], int]) -> int:
    """Write ``totals`` into the ``libbot import --template`` workbook at ``path`` (a sheet
    per metric, a branch's code in column B, the months across): what a library's own
    statistics sheet holds. Returns how many cells were filled."""
    from openpyxl import load_workbook  # only when the demo writes its workbook

    book = load_workbook(path)
    codes = {metric.name(org.org.locale): metric.code for metric in org.catalogue()}
    filled = 0
    for sheet in book.worksheets:
        metric = codes.get(sheet.title)
        months = [str(cell.value) for cell in sheet[1][2:]]
        for row in sheet.iter_rows(min_row=2):
            branch = str(row[1].value)
            for cell, month in zip(row[2:], months, strict=True):
                if (value := totals.get((branch, metric or "", month))) is not None:
                    cell.value = value
                    filled += 1
    book.save(path)
    return filled
