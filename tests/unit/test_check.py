import datetime as dt
from pathlib import Path

import pytest

from bot.cli.check import check
from bot.cli.main import main
from bot.offline.sample import sample_org_text
from bot.settings import Settings, load_settings
from storage.models import BranchChangeRow, BranchRow, FetchedUpdate
from storage.sqlite import open_storage
from storage.sqlite.migrations import available_migrations

NOW = dt.datetime(2026, 11, 20, tzinfo=dt.UTC)

TOKEN = "123456789:AAFakeTokenForTests_0123456789abcdef"


@pytest.fixture
def org_file(tmp_path: Path) -> Path:
    path = tmp_path / "org.toml"
    path.write_text(sample_org_text(), encoding="utf-8")
    return path


def settings_for(org: Path, **extra: str) -> Settings:
    env = {"LIBBOT_ORG": str(org), "LIBBOT_DB": str(org.parent / "libbot.sqlite3")}
    return load_settings({**env, **extra}, env_file=None)


def test_sample_org_summary(org_file: Path) -> None:
    report = check(settings_for(org_file, LIBBOT_TOKEN=TOKEN))
    assert report.ok
    assert report.org is not None and report.org.org.name == "东城区第一图书馆"
    lines = report.text.splitlines()
    assert lines[0] == f"Organisation:    东城区第一图书馆 ({org_file})"
    assert "Time zone:       Asia/Shanghai" in lines
    assert (
        "Branches:        7 (1 central, 1 branch, 2 partners, 2 subdistricts, 1 service point)"
        in lines
    )
    assert "Staff:           9 (7 staff, 1 manager, 1 admin)" in lines
    assert "Targets:         2026 (11 metrics, 4 branch allocations)" in lines
    assert "Leadership chat: -1001000000001" in lines
    assert (
        "Schedule:        reminder 17:30, due 18:00, escalation 09:30,"
        " deadlines 09:00 (3, 1, 0 days before), digest mon 09:00"
    ) in lines
    assert "Holidays:        CN, closing 1 of the branches" in lines
    assert "Deadlines:       1 dated, 1 monthly, 1 yearly in the file" in lines
    assert "Token:           set" in lines
    assert f"Database:        {org_file.parent / 'libbot.sqlite3'} (will be created)" in lines
    assert TOKEN not in report.text and TOKEN.split(":")[1] not in report.text


def test_missing_token_and_chat_are_reported(org_file: Path) -> None:
    text = org_file.read_text(encoding="utf-8")
    org_file.write_text(
        text.replace("leadership_chat_id = -1001000000001", "# no chat yet"), encoding="utf-8"
    )
    report = check(settings_for(org_file))
    assert report.ok
    assert "Token:           not set (required for libbot run)" in report.text
    assert "Leadership chat: not configured (no weekly digest)" in report.text


def test_existing_database_is_not_said_to_be_created(org_file: Path) -> None:
    (org_file.parent / "libbot.sqlite3").touch()
    report = check(settings_for(org_file))
    assert report.text.splitlines()[-1].endswith(
        f"libbot.sqlite3 (schema version 0 of {len(available_migrations())}, integrity ok)"
    )


async def test_the_database_is_opened_read_only_version_and_integrity_reported(
    org_file: Path,
) -> None:
    path = org_file.parent / "libbot.sqlite3"
    storage = await open_storage(path)
    await storage.inbox.store([FetchedUpdate(1, "m:1:1:0", 1, "{}")], NOW)
    await storage.close()
    before = path.read_bytes()
    report = check(settings_for(org_file))
    assert report.ok
    latest = len(available_migrations())
    assert report.text.splitlines()[-1] == (
        f"Database:        {path} (schema version {latest} of {latest}, integrity ok,"
        " 1 updates waiting)"
    )
    assert path.read_bytes() == before  # looked at, not written


def test_a_damaged_database_and_a_bad_org_file_are_both_named(org_file: Path) -> None:
    (org_file.parent / "libbot.sqlite3").write_bytes(b"not a database at all" * 200)
    org_file.write_text("[org\n", encoding="utf-8")
    report = check(settings_for(org_file))
    assert not report.ok
    first, second = report.text.splitlines()
    assert str(org_file) in first
    assert second.startswith("LIBBOT_DB: the database") and "cannot be read" in second


def test_missing_org_file(tmp_path: Path) -> None:
    report = check(settings_for(tmp_path / "absent.toml"))
    assert not report.ok and report.org is None
    assert report.text == f"{tmp_path / 'absent.toml'}: file not found (set LIBBOT_ORG to its path)"


def test_invalid_org_file_gives_the_single_error(org_file: Path) -> None:
    org_file.write_text(
        sample_org_text().replace('kind = "partner"', 'kind = "partnr"', 1), encoding="utf-8"
    )
    report = check(settings_for(org_file))
    assert not report.ok
    assert report.text.startswith(f"{org_file}, line ")
    assert "branches[2].kind: must be one of" in report.text
    assert "\n" not in report.text


def test_database_directory_must_exist(org_file: Path, tmp_path: Path) -> None:
    settings = settings_for(org_file, LIBBOT_DB=str(tmp_path / "no" / "such" / "db.sqlite3"))
    report = check(settings)
    assert not report.ok
    assert report.text.startswith("LIBBOT_DB: the directory ")
    assert str(tmp_path / "no" / "such") in report.text


async def test_branches_changed_in_chat_are_shown_with_the_files(org_file: Path) -> None:
    text = org_file.read_text(encoding="utf-8")
    org_file.write_text(
        text.replace('parent = "jingshan" ', 'opened = 2026-03-01\nparent = "jingshan" '),
        encoding="utf-8",
    )
    path = org_file.parent / "libbot.sqlite3"
    storage = await open_storage(path)
    try:
        await storage.people.sync_roster(
            [BranchRow("main", "总馆", "central", None, frozenset()),
             BranchRow("longfusi", "隆福寺", "partner", "main", frozenset())], [], NOW
        )  # fmt: skip
        changes = [
            BranchChangeRow("add", "xinhualu", "新华路社区服务点", "service_point", "main",
                            dt.date(2026, 11, 19), 1003, NOW),
            BranchChangeRow("close", "longfusi", None, None, None, dt.date(2026, 12, 1), 1003, NOW),
        ]  # fmt: skip
        await storage.people.change_branch(
            changes[0],
            BranchRow("xinhualu", "新华路社区服务点", "service_point", "main", frozenset()),
        )
        await storage.people.change_branch(changes[1], None)
    finally:
        await storage.close()
    report = check(settings_for(org_file))
    assert report.ok, report.text
    lines = report.text.splitlines()
    assert (
        "Branches:        7 (1 central, 1 branch, 2 partners, 2 subdistricts, 1 service point);"
        " 1 with opening or closing dates"
    ) in lines
    assert "Branches changed in chat (kept over the file's at every start-up):" in lines
    assert (
        "  added   xinhualu: 新华路社区服务点 (service point, under main, open from 2026-11-19)"
        " by 1003 on 2026-11-20"
    ) in lines
    assert "  closed  longfusi: from 2026-12-01 by 1003 on 2026-11-20" in lines
    assert lines[-1] == (
        "Branches in force: 8 (1 central, 1 branch, 2 partners, 2 subdistricts, 2 service points);"
        " 3 with opening or closing dates"
    )


def test_a_branch_closing_before_it_opened_is_named_by_line(org_file: Path) -> None:
    text = org_file.read_text(encoding="utf-8")
    org_file.write_text(
        text.replace(
            'parent = "jingshan" ', 'opened = 2026-07-01\nclosed = 2026-03-01\nparent = "jingshan" '
        ),
        encoding="utf-8",
    )
    report = check(settings_for(org_file))
    assert not report.ok
    line = org_file.read_text(encoding="utf-8").splitlines().index("closed = 2026-03-01") + 1
    assert report.text == (
        f"{org_file}, line {line}: branches[6].closed: must come after opened (2026-07-01),"
        " got 2026-03-01"
    )


def test_every_problem_of_the_file_is_listed_at_once(org_file: Path) -> None:
    text = sample_org_text()
    for old, new in [
        ("leadership_chat_id = -1001000000001", "leadership_chat_id = 1001000000001"),
        ('kind = "partner"', 'kind = "partnr"'),
        ('aliases = ["东华门"]', 'aliases = ["东华门", "景山"]'),
        ('branches = ["jingshan"]', 'branches = ["景山"]'),
        ('role = "manager" ', 'role = "manger" '),
    ]:
        assert old in text
        text = text.replace(old, new, 1)
    org_file.write_text(text, encoding="utf-8")
    report = check(settings_for(org_file))
    assert not report.ok and report.org is None
    lines = text.splitlines()

    def at(fragment: str) -> str:
        return f"{org_file}, line {next(n for n, s in enumerate(lines, 1) if fragment in s)}: "

    assert report.text.splitlines() == [
        at("leadership_chat_id =") + "org.leadership_chat_id: must be the id of the leadership's"
        " group: Telegram group ids are negative (a supergroup's starts with -100, like"
        " -1001000000001), a positive id is one person's (got 1001000000001)",
        at('"partnr"') + "branches[2].kind: must be one of central, branch, partner,"
        ' subdistrict, service_point (got "partnr")',
        at('aliases = ["东华门", "景山"]') + 'branches[5].aliases[1]: alias "景山" is also an alias'
        ' of branch "jingshan" (branches[4]): a report naming it could be either\'s',
        at('"manger"') + 'staff[1].role: must be one of staff, manager, admin (got "manger")',
        at('branches = ["景山"]') + 'staff[5].branches[0]: unknown branch "景山" — "景山" is an'
        ' alias of branch "jingshan": write its code "jingshan"',
    ]


def test_the_commands_exit_and_output_for_several_problems(
    org_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = sample_org_text().replace('kind = "partner"', 'kind = "partnr"', 1)
    org_file.write_text(text.replace('name = "刘洋"', 'name = "刘洋"\nrole = "boss"'), "utf-8")
    monkeypatch.setenv("LIBBOT_ORG", str(org_file))
    monkeypatch.setenv("LIBBOT_DB", str(org_file.parent / "libbot.sqlite3"))
    monkeypatch.chdir(org_file.parent)
    assert main(["check"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert [line.split(": ")[1] for line in err.splitlines()] == [
        "branches[2].kind",
        "staff[3].role",
    ]


def test_warnings_are_printed_with_the_summary(org_file: Path) -> None:
    text = sample_org_text()
    text = text.replace("events = 800 ", "events = 0 ", 1)
    text = text.replace("[targets.2026.branches.main]\nvisitors = 200000",
                        "[targets.2026.branches.main]\nvisitors = 400000")  # fmt: skip
    org_file.write_text(text, encoding="utf-8")
    report = check(settings_for(org_file))
    assert report.ok, report.text
    lines = report.text.splitlines()
    start = lines.index("Warnings (2; the file is accepted, but look at these):")
    line = next(n for n, s in enumerate(text.splitlines(), 1) if s.startswith("visitors = 600000"))
    assert lines[start + 1 :] == [
        f"  {org_file}, line {line}: targets.2026.visitors: the allocations of visitors to 4"
        " branches add up to 685000, more than this target of the whole system (600000): the"
        " branches' progress and the system's would disagree",
        f"  {org_file}, line {line + 3}: targets.2026.events: is 0: a target met before the"
        " year begins: leave it out for no target",
    ]
    assert lines[start - 1].startswith("Database:")  # after the summary


def test_a_file_saved_by_notepad_with_a_byte_order_mark_is_checked(org_file: Path) -> None:
    org_file.write_text(sample_org_text(), encoding="utf-8-sig")
    report = check(settings_for(org_file))
    assert report.ok, report.text
    assert "Warnings" not in report.text


def test_the_summarys_counts_agree_with_their_words() -> None:
    from bot.cli.check import _count

    assert [_count(n, "manager") for n in (0, 1, 2)] == ["0 managers", "1 manager", "2 managers"]
    assert _count(2, "service_point") == "2 service points"
    assert _count(1, "service_point") == "1 service point"
    assert _count(1200, "staff") == "1,200 staff"  # staff is its own plural
    assert _count(3, "branch with its own population") == "3 branches with their own population"
