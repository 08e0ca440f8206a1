"""``libbot metrics``: the metric catalogue — codes, names, words, units, flow or stock —
with the organisation file's own ``[[metrics]]`` when it can be read."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from bot.core.metrics import Metric, MetricCatalogue
from bot.core.org import load_org
from bot.core.org_errors import OrgError
from bot.settings import load_settings


def command(args: argparse.Namespace) -> int:
    """Print the catalogue the bot reads reports with."""
    return print_metrics(_catalogue(), sys.stdout)


def _catalogue() -> MetricCatalogue:
    """The organisation's catalogue (custom metrics included), else the default one."""
    path = load_settings().org
    if not path.is_file():
        print(f"libbot: no organisation file at {path}: the default catalogue", file=sys.stderr)
        return MetricCatalogue.default()
    try:
        return load_org(path).catalogue()
    except OrgError as error:
        print(f"libbot: {error}\nlibbot: the default catalogue", file=sys.stderr)
        return MetricCatalogue.default()


def print_metrics(catalogue: MetricCatalogue, out: TextIO) -> int:
    """One block per metric; returns 0."""
    default = {metric.code for metric in MetricCatalogue.default()}
    for metric in catalogue:
        out.write(_block(metric, custom=metric.code not in default))
    return 0


def _block(metric: Metric, *, custom: bool) -> str:
    kind = "flow (a count over the day)" if metric.kind == "flow" else "stock (a level)"
    lines = [
        f"{metric.code}{'  [custom]' if custom else ''}",
        f"  name:  {metric.name_zh} / {metric.name_en}",
        f"  unit:  {metric.unit_zh} / {metric.unit_en}",
        f"  kind:  {kind}",
    ]
    words = (*metric.synonyms_zh, *metric.synonyms_en)
    if words:
        lines.append(f"  words: {'、'.join(words)}")
    if metric.subtypes:
        lines.append(f"  kinds that add up: {'、'.join(metric.subtypes)}")
    if metric.unit_words:
        lines.append(f"  units: {'、'.join(metric.unit_words)}")
    return "\n".join(lines) + "\n\n"
