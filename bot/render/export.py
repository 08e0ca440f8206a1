"""Texts that go with ``/export``: the workbook's caption, a year not understood."""

from __future__ import annotations

from html import escape

from bot.render.base import RendererBase
from bot.render.workbook import raw_sheet_name


class ExportTexts(RendererBase):
    """The figures as a workbook."""

    def export_caption(self, org_name: str, year: int) -> str:
        return self.t(
            "📊 {org} · figures for {year}\nOne sheet per metric: branches by month, the "
            "total, the target and the attainment; the sheet “{daily}” holds every daily "
            "figure. Each sheet prints one A4 page wide.",
            org=escape(org_name),
            year=str(year),
            daily=escape(raw_sheet_name(self.t)),
        )

    def nothing_to_export(self, year: int) -> str:
        """``/export 2025`` when 2025 has no figure: said, rather than an empty workbook."""
        return self.t("📭 There are no figures for {year}, so there is nothing to export.",
                      year=str(year))  # fmt: skip

    def not_a_year(self, text: str, this_year: int) -> str:
        return self.t(
            "⚠️ “{text}” is not a year. Send /export for {year}, or name one: /export {year}",
            text=escape(text),
            year=str(this_year),
        )
