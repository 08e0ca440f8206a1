"""``libbot report``: the year-end report as Markdown or a workbook, its totals the CSV
export's to the unit (daily figures, monthly opening balances, levels at the year's end)."""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.app.services import Services
from bot.cli.main import main
from bot.cli.report import report_command
from bot.core.clock import ManualClock
from bot.offline.demo_history import generate
from bot.offline.sample import load_sample_org, sample_org_text
from bot.settings import Settings, load_settings
from storage.models import ImportRow, MonthSpan, ReportWrite

TZ = dt.timezone(dt.timedelta(hours=8))
NEXT_JANUARY = dt.datetime(2027, 1, 6, 10, 0, tzinfo=TZ)  # 2026 is over
NOVEMBER = dt.datetime(2026, 11, 20, 10, 0, tzinfo=TZ)  # before 18:00: to 19 November


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample organisation from January 2025 to the end of 2026 day by day, January and
    February 2026 as monthly totals, an event named and a closure."""
    org = load_sample_org()
    folder = tmp_path_factory.mktemp("report")
    (folder / "org.toml").write_text(sample_org_text(), encoding="utf-8")
    path = folder / "libbot.sqlite3"
    days = [r for r in generate(org, dt.date(2025, 1, 1), dt.date(2026, 12, 31))
            if not (r[1].year == 2026 and r[1].month < 3)]  # fmt: skip

    async def build() -> None:
        services = await Services.start(Settings(db=path), org, ManualClock(NEXT_JANUARY))
        storage = services.storage
        await storage.reports.import_figures(days, 0, NEXT_JANUARY)
        balances = (("main", "visitors", 31000), ("main", "loans", 20500),
                    ("jiaolou", "visitors", 22000), ("jiaolou", "events", 17))  # fmt: skip
        span = MonthSpan("2026-01", "2026-02")
        openings = [ImportRow(b, m, v, "test", months=span) for b, m, v in balances]
        assert (await storage.imports.load(openings, user_id=0, now=NEXT_JANUARY)).written
        monday = dt.date(2026, 6, 1)  # the central library is closed on Mondays: no figures
        await storage.reports.record_report(ReportWrite(
            1002, 1002, 1, 1, "main", monday, {}, True, NEXT_JANUARY))  # fmt: skip
        await storage.reports.record_report(ReportWrite(
            1001, 1001, 2, 2, "jiaolou", dt.date(2026, 11, 18), {"events": 2}, False,
            NEXT_JANUARY, event_titles=("冬日童话绘本共读",)))  # fmt: skip
        await services.close()

    asyncio.run(build())
    return folder


@pytest.fixture
def env(stored: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LIBBOT_DB", str(stored / "libbot.sqlite3"))
    monkeypatch.setenv("LIBBOT_ORG", str(stored / "org.toml"))
    monkeypatch.chdir(stored)
    return stored


def markdown(clock_at: dt.datetime, year: int) -> str:
    out = io.StringIO()
    code = asyncio.run(
        report_command(load_settings(), year, "md", None, out, clock=ManualClock(clock_at))
    )
    assert code == 0
    return out.getvalue()


def totals_table(md: str) -> dict[str, int]:
    """The report's 年度合计 table: metric name -> total."""
    part = md.split("## 年度合计", 1)[1].split("\n## ", 1)[0]
    found = {}
    for line in part.strip().splitlines()[2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        found[cells[0]] = int(cells[1].replace(",", ""))
    return found


def csv_totals(path: Path) -> dict[str, int]:
    """What the CSV export adds up to: flow metrics summed (monthly rows too), a level's
    latest value of the year per branch, added over branches."""
    stock = {m.code for m in load_sample_org().catalogue() if m.kind == "stock"}
    flows: dict[str, int] = {}
    latest: dict[tuple[str, str], tuple[str, int]] = {}
    with path.open(encoding="utf-8") as file:
        for row in csv.DictReader(file):
            metric, value = row["metric"], int(row["value"])
            if metric in stock:
                key = (row["branch"], metric)
                if key not in latest or row["date"] >= latest[key][0]:
                    latest[key] = (row["date"], value)
            else:
                flows[metric] = flows.get(metric, 0) + value
    for (_, metric), (_, value) in latest.items():
        flows[metric] = flows.get(metric, 0) + value
    return flows


def test_the_report_totals_match_the_csv_export_to_the_unit(env: Path) -> None:
    out = env / "figures-2026.csv"
    assert main(["export", "--year", "2026", "-o", str(out)]) == 0
    exported = csv_totals(out)
    assert exported["visitors"] > 31000 + 22000  # the opening balances are in the export
    md = markdown(NEXT_JANUARY, 2026)
    catalogue = load_sample_org().catalogue()
    reported = {}
    for name, total in totals_table(md).items():
        metric = catalogue.find(name)
        assert metric is not None, name
        reported[metric.code] = total
    assert reported == exported


def test_the_year_over_in_markdown(env: Path) -> None:
    md = markdown(NEXT_JANUARY, 2026)
    assert md.startswith("# 东城区第一图书馆 · 2026年度统计\n\n全年数据（1月1日至12月31日）。\n")
    assert "去年同期：2025年1月1日至2025年12月31日。" in md
    # last year began in March: its January and February are not there, so compared as kept
    assert re.search(r"\| 到馆人次 \| [\d,]+ \| 600,000 \| [\d.]+% \| [\d,]+ \| [+−][\d.]+% \|", md)
    assert "## 评估指标" in md and "按此进度全年预计" in md  # the header of the column
    assert "| 人均藏书量 | 馆藏总量（holdings） ÷ 服务人口（population） | 2.34 册/人 | — |" in md
    assert "年度尚未结束" not in md  # a year that is over is judged on its own figures
    assert "### 景山街道图书馆" in md  # a branch with its own population
    assert "| 2026年11月18日 | 角楼图书馆 | 冬日童话绘本共读 |" in md
    assert "| 东城区第一图书馆（总馆） | 1 |" in md  # closure days


def test_the_year_so_far_is_headed_with_its_day(env: Path) -> None:
    md = markdown(NOVEMBER, 2026)
    assert "数据截至2026年11月19日（年初至今）。" in md
    assert "去年同期：2025年1月1日至2025年11月19日。" in md
    assert "年度尚未结束：是否达标按此进度推算的全年数值判断" in md
    visits = next(line for line in md.splitlines() if line.startswith("| 人均到馆次数 |"))
    value, projected = (float(c.split()[0]) for c in visits.strip("|").split("|")[2:4])
    assert projected > value  # the full year on this pace is more than the year so far


def test_the_workbook(env: Path) -> None:
    out = env / "report.xlsx"
    code = asyncio.run(
        report_command(load_settings(), 2026, "xlsx", out, clock=ManualClock(NEXT_JANUARY))
    )
    assert code == 0
    book = load_workbook(out)
    assert book.sheetnames == ["年度合计", "分馆", "评估指标", "活动", "闭馆"]
    sheet = book["年度合计"]
    totals = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert totals[0][0] == "东城区第一图书馆 · 2026年度统计 · 年度合计"
    assert totals[1][0] == "2026年1月1日至12月31日\u3000数据截至 2026年12月31日"
    assert totals[2][0] == "去年同期：2025年1月1日至2025年12月31日。"
    assert totals[3][:5] == ["指标", "代码", "单位", "合计", "目标"]
    by_code = {r[1]: r for r in totals[4:]}
    visitors = by_code["visitors"]
    assert visitors[3] == csv_totals_of(env)["visitors"] and visitors[4] == 600000
    assert visitors[5] == pytest.approx(visitors[3] / 600000)  # 完成率, a number to print as %
    assert sheet.cell(5, 6).number_format == "0.0%"
    # printed: landscape, one page wide, the header row on every page
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert sheet.print_title_rows == "$4:$4"
    indicators = [list(r) for r in book["评估指标"].iter_rows(values_only=True)]
    assert indicators[2][:4] == ["范围", "指标", "代码", "计算公式"]
    codes = [r[2] for r in indicators[3:] if r[0] == "东城区第一图书馆"]
    assert codes[:2] == ["visits_per_capita", "loans_per_capita"]
    missing = [r for r in indicators[3:] if r[0] == "景山街道图书馆" and r[2] == "cardholder_rate"]
    assert missing[0][4] == "需要在组织文件中填写 cardholders"


def csv_totals_of(env: Path) -> dict[str, int]:
    out = env / "again.csv"
    assert main(["export", "--year", "2026", "-o", str(out)]) == 0
    return csv_totals(out)


def test_the_command_line(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--year", "2025"]) == 0  # a year that is over, whatever today is
    md = capsys.readouterr().out
    assert md.startswith("# 东城区第一图书馆 · 2025年度统计")
    assert main(["report", "--year", "2025", "--format", "xlsx"]) == 2
    assert "--format xlsx needs -o FILE" in capsys.readouterr().err
    out = env / "r.md"
    assert main(["report", "--year", "2025", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == md
    assert f"wrote the 2025 report to {out}" in capsys.readouterr().err


def test_without_a_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                            capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    monkeypatch.setenv("LIBBOT_DB", str(tmp_path / "missing.sqlite3"))
    monkeypatch.chdir(tmp_path)
    assert main(["report", "--year", "2026"]) == 1
    assert "no database" in capsys.readouterr().err
