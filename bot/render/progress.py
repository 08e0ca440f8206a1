"""``/progress``: the year so far against the plan, by metric, branch or ranking."""

from __future__ import annotations

import datetime as dt
import io
from html import escape

from bot.core.outcomes import (
    BranchStanding,
    Placed,
    ProgressQuery,
    ProgressView,
    RankingExcerpt,
    RankingView,
)
from bot.core.progress import MetricProgress, year_elapsed
from bot.render.base import RendererBase
from bot.render.ranking_book import RankingTexts, write_ranking_book

BAR_WIDTH = 10
NAME_MAX = 24  # characters of a branch's name in a long ranking's message (the workbook: all)


class ProgressTexts(RendererBase):
    """Year-to-date figures against the plan."""

    def progress_answer(self, outcome: ProgressView | RankingView | ProgressQuery) -> str:
        """What ``/progress`` answers."""
        if isinstance(outcome, RankingView):
            return self.ranking(outcome)
        if isinstance(outcome, ProgressQuery):
            return self.progress_unknown(outcome)
        return self.progress(outcome)

    def progress(self, view: ProgressView) -> str:
        t = self.t
        lines = [t("<b>{scope} · the year so far</b>", scope=escape(view.scope))]
        if view.parts:
            lines.append(t("Including {branches}.", branches=escape("、".join(view.parts))))
        lines.append(self.as_of(view.day, view.seasonal))
        if not view.rows:
            lines.append(t("No targets and no figures yet for this year."))
        for row in view.rows:
            lines.append("")
            lines.extend(self.progress_row(row, view.year_ago.get(row.metric)))
        return "\n".join(lines)

    def as_of(self, day: dt.date, seasonal: bool) -> str:
        """The day the figures count to, and what pace means."""
        t = self.t
        if seasonal:
            return t("Figures to the end of {date}. Pace follows last year's months.",
                     date=t.date(day))  # fmt: skip
        return t("Figures to the end of {date}: {elapsed} of the year gone.",
                 date=t.date(day), elapsed=t.percent(year_elapsed(day), 0))  # fmt: skip

    def progress_row(
        self, row: MetricProgress, year_ago: int | None = None, *, total: bool = False
    ) -> list[str]:
        """A metric's lines: value / target, the bar and pace, the rate needed, 同比.
        ``total``: the scope's line over a ranking, named 合计, to the unit."""
        t = self.t
        name = t("Total") if total else self.metric_name(row.metric)
        # a target is compact in the overview (6万), exact over a ranking; figures are exact
        target = t.number if total else t.compact
        if row.target is None or row.attainment is None:
            lines = [t("<b>{name}</b> {value} (no target)", name=name,
                       value=t.number(row.value))]  # fmt: skip
            return lines + self.year_ago_lines(row.value, year_ago)
        lines = [
            t("{mark} <b>{name}</b> {value} / {target} · {pct}",
              mark=MARKS[row.status], name=name, value=t.number(row.value),
              target=target(row.target), pct=t.percent(row.attainment)),
            f"<code>{_bar(row.attainment)}</code> " + self.pace_note(row),
        ]  # fmt: skip
        if row.attainment >= 1:
            lines.append(t("target reached 🎉"))
        elif row.needed_per_day is not None and row.value == row.base:
            lines.append(t("needs {rate} a day", rate=t.number(_round_up(row.needed_per_day))))
        elif row.needed_per_day is not None:
            lines.append(t("needs {rate} a day · on this pace {projected} by year end",
                           rate=t.number(_round_up(row.needed_per_day)),
                           projected=t.compact(round(row.projected or 0))))  # fmt: skip
        return lines + self.year_ago_lines(row.value, year_ago)

    def year_ago_lines(self, value: int, year_ago: int | None) -> list[str]:
        """``同比 +4.2%（去年同期 486,120）``: nothing where last year has no figure."""
        if not year_ago:
            return []
        t, change = self.t, value / year_ago - 1
        if change >= 0:
            return [t("vs last year +{change} ({value})",
                      change=t.percent(change), value=t.number(year_ago))]  # fmt: skip
        return [t("vs last year -{change} ({value})",
                  change=t.percent(-change), value=t.number(year_ago))]  # fmt: skip

    def ranking(self, view: RankingView) -> str:
        """The scope's total against its target, then every branch — or, for a long
        ranking, the excerpt that fits one message (the whole list goes as a workbook)."""
        t = self.t
        name = self.metric_name(view.metric)
        lines = [t("<b>{metric} · {scope}</b>", metric=name, scope=escape(view.scope))]
        lines.append(self.as_of(view.day, view.system.seasonal))
        lines.extend(self.progress_row(view.system, view.year_ago, total=True))
        if not view.rows:
            lines.append("")
            lines.append(t("No branch has a figure or a target for this yet."))
        if view.excerpt is not None:
            lines.extend(self.ranking_excerpt(view.excerpt))
            return "\n".join(lines)
        for place, row in enumerate(view.rows, 1):
            lines.append("")
            lines.extend(self.ranking_row(place, row))
        return "\n".join(lines)

    def ranking_excerpt(self, cut: RankingExcerpt) -> list[str]:
        """The top and bottom, the median, the reader's branches with their places, the
        first of those without a target."""
        t = self.t
        count = t.number(cut.count)
        lines = ["", t("<b>Top {count}</b> of {total}", count=t.number(len(cut.top)), total=count)]
        lines += [self.placed_line(p) for p in cut.top]
        if cut.bottom:
            lines += ["", t("<b>Bottom {count}</b>", count=t.number(len(cut.bottom)))]
            lines += [self.placed_line(p) for p in cut.bottom]
        if cut.median is not None:
            p = cut.median
            lines += ["", t("Median: No. {place}/{count} · {name} · {figure}",
                            place=t.number(p.place), count=count,
                            name=escape(_short(p.row.name)),
                            figure=self.standing_figure(p.row))]  # fmt: skip
        if cut.own or cut.own_unranked:
            lines += ["", t("<b>Your branches</b>")]
            lines += [self.placed_line(p, count) for p in cut.own]
            if cut.own_unranked:
                names = "、".join(escape(_short(n)) for n in cut.own_unranked)
                lines.append(t("{names}: no figure and no target yet", names=names))
            if cut.more_own:
                lines.append(t("and {count} more of yours in the workbook",
                               count=t.number(cut.more_own)))  # fmt: skip
        if cut.by_value_top:
            lines += ["", t("<b>Without a target of their own</b>, by value")]
            lines += [self.placed_line(p) for p in cut.by_value_top]
            lines.append(t.plural("{count} branch without a target of its own ranks after the "
                                  "others, by value.", "{count} branches without a target of "
                                  "their own rank after the others, by value.",
                                  cut.by_value))  # fmt: skip
        lines += ["", t.plural("The whole ranking of {count} branch is in the workbook below.",
                               "The whole ranking of {count} branches is in the workbook below.",
                               cut.count)]  # fmt: skip
        return lines

    def placed_line(self, placed: Placed, count: str | None = None) -> str:
        """``🟢 1. 第12分馆 · 112.3% · 14,210 / 12,650``; with ``count``, the place is
        ``第 37/300 名``."""
        t, p = self.t, placed.row.progress
        place = (
            t("No. {place}/{count}", place=t.number(placed.place), count=count)
            if count
            else t("{place}.", place=t.number(placed.place))
        )
        head = f"{MARKS[p.status]} {place}" if p.target else place
        gap = " · " if count else " "
        return f"{head}{gap}{escape(_short(placed.row.name))} · {self.standing_figure(placed.row)}"

    def standing_figure(self, row: BranchStanding) -> str:
        """``112.3% · 14,210 / 12,650``; without a target, ``14,210 · 1.2% of the total``."""
        t, p = self.t, row.progress
        if p.target is None or p.attainment is None:
            share = t.percent(row.share) if row.share is not None else "–"
            return t("{value} · {share} of the total", value=t.number(p.value), share=share)
        return t("{pct} · {value} / {target}", pct=t.percent(p.attainment),
                 value=t.number(p.value), target=t.number(p.target))  # fmt: skip

    def ranking_workbook(self, view: RankingView) -> tuple[str, bytes]:
        """The whole ranking as an ``.xlsx`` file: its name and content."""
        out = io.BytesIO()
        write_ranking_book(out, view, self.ranking_texts(view))
        return f"ranking-{view.metric}-{view.day.isoformat()}.xlsx", out.getvalue()

    def ranking_texts(self, view: RankingView) -> RankingTexts:
        """The workbook's sheet name, title, headings and page footer."""
        t = self.t
        metric = self._catalogue.get(view.metric).name(t.locale)
        title = t("{metric} · {scope} · figures to the end of {date}",
                  metric=metric, scope=view.scope, date=t.date(view.day))  # fmt: skip
        headings = [t("Rank"), t("Branch"), t("Code"), t("Value"), t("Target"),
                    t("Attainment"), t("Share"), t("Pace")]  # fmt: skip
        return RankingTexts(metric, title, headings, t("Total"), t("Page &P of &N"))

    def ranking_caption(self, view: RankingView) -> str:
        """What the workbook of a long ranking says under it."""
        t = self.t
        return t.plural("<b>{metric} · {scope}</b>: {count} branch ranked, figures to the end "
                        "of {date}.", "<b>{metric} · {scope}</b>: all {count} branches ranked, "
                        "figures to the end of {date}.", len(view.rows),
                        metric=self.metric_name(view.metric), scope=escape(view.scope),
                        date=t.date(view.day))  # fmt: skip

    def ranking_row(self, place: int, row: BranchStanding) -> list[str]:
        t = self.t
        p = row.progress
        share = t.percent(row.share) if row.share is not None else "–"
        head = f"{place}. <b>{escape(row.name)}</b>"
        if p.target is None or p.attainment is None:
            return [head, t("{value} · {share} of the total · no target",
                            value=t.number(p.value), share=share)]  # fmt: skip
        return [
            f"{MARKS[p.status]} {head}",
            t("{value} / {target} · {pct} · {share} of the total",
              value=t.number(p.value), target=t.number(p.target),
              pct=t.percent(p.attainment), share=share),
            self.pace_note(p),
        ]  # fmt: skip

    def progress_unknown(self, query: ProgressQuery) -> str:
        t = self.t
        if query.refused_branch:
            return t("You can see the progress of your own branches only.")
        first = self.examples.figure()
        metric = escape(first.word) if first is not None else ""
        return t("I know no metric or branch called “{text}”. Try /progress, "
                 "/progress {metric} or /progress {branch}.", text=escape(query.text),
                 metric=metric, branch=escape(self.example_branch()))  # fmt: skip


MARKS = {"ahead": "🟢", "close": "🟡", "behind": "🔴", "none": "⚪"}


def _short(name: str) -> str:
    """A branch's name cut to :data:`NAME_MAX` characters, so a long ranking stays one
    message whatever the names."""
    return name if len(name) <= NAME_MAX else name[: NAME_MAX - 1] + "…"


def _bar(share: float) -> str:
    filled = min(BAR_WIDTH, round(share * BAR_WIDTH))
    return "█" * filled + "░" * (BAR_WIDTH - filled)


def _round_up(value: float) -> int:
    """A rate needed, rounded so that keeping it reaches the target."""
    return int(-(-value // 1))
