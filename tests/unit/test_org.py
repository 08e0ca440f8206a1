import re
from datetime import date, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.core.org import BranchChange, Organisation, OrgError, inspect_org, load_org, parse_org
from bot.offline.sample import load_sample_org, sample_org_text

HEAD = """\
[org]
name = "测试图书馆"

[[branches]]
code = "main"
name = "总馆"
kind = "central"
"""

JIAOLOU = """
[[branches]]
code = "jiaolou"
name = "角楼图书馆"
parent = "main"
"""


def with_org(line: str) -> str:
    """HEAD with one more line in its [org] table."""
    return HEAD.replace("[org]\n", f"[org]\n{line}\n")


STAFF = """
[[staff]]
id = 1001
name = "王芳"
branches = ["main"]
"""

# Each bad file marks the line the error must name with "# <-".
BAD_FILES = [
    pytest.param(
        HEAD + JIAOLOU + 'kind = "libary"  # <-\n',
        "branches[1].kind",
        'must be one of central, branch, partner, subdistrict, service_point (got "libary")',
        id="kind-typo",
    ),
    pytest.param(
        HEAD + '\n[[branches]]\ncode = "Jiao-Lou"  # <-\nname = "角楼"\n',
        "branches[1].code",
        "lower-case letters",
        id="code-pattern",
    ),
    pytest.param(
        HEAD + '\n[[branches]]\ncode = "' + "x" * 33 + '"  # <-\nname = "角楼"\n',
        "branches[1].code",
        'must be at most 32 characters (got "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")',
        id="code-too-long",
    ),
    pytest.param(
        HEAD + '\n[[branches]]\ncode = "main"  # <-\nname = "又一个"\n',
        "branches[1].code",
        'duplicate branch code "main"',
        id="duplicate-branch",
    ),
    pytest.param(
        HEAD + '\n[[branches]]\ncode = "jiaolou"\nname = "角楼"\nparent = "mian"  # <-\n',
        "branches[1].parent",
        'unknown branch "mian" (did you mean "main"?)',
        id="unknown-parent",
    ),
    pytest.param(
        HEAD
        + '\n[[branches]]\ncode = "a"\nname = "甲"\nparent = "b"  # <-\n'
        + '\n[[branches]]\ncode = "b"\nname = "乙"\nparent = "a"\n',
        "branches[1].parent",
        "parent chain loops: a → b → a",
        id="parent-cycle",
    ),
    pytest.param(
        HEAD + '\n[[branches]]\ncode = "a"\nname = "甲"\nparent = "a"  # <-\n',
        "branches[1].parent",
        "loops",
        id="own-parent",
    ),
    pytest.param(
        HEAD + '\n[[branches]]  # <-\ncode = "jiaolou"\n',
        "branches[1].name",
        "is required but missing",
        id="missing-name-falls-back-to-header",
    ),
    pytest.param(
        HEAD + JIAOLOU + 'colour = "red"  # <-\n',
        "branches[1].colour",
        "unknown key",
        id="unknown-key",
    ),
    pytest.param(
        HEAD + JIAOLOU + 'closed_weekdays = ["mon", "moon"]  # <-\n',
        "branches[1].closed_weekdays",
        'days must be mon, tue, wed, thu, fri, sat, sun (got "moon")',
        id="bad-weekday",
    ),
    pytest.param(
        HEAD + STAFF + '\n[[staff]]\nid = 1001  # <-\nname = "李明"\nbranches = ["main"]\n',
        "staff[1].id",
        "duplicate id 1001",
        id="duplicate-staff-id",
    ),
    pytest.param(
        HEAD + '\n[[staff]]\nid = 1001\nname = "王芳"\nbranches = ["main", "jiaolou"]  # <-\n',
        "staff[0].branches[1]",
        'unknown branch "jiaolou"',
        id="staff-unknown-branch",
    ),
    pytest.param(
        HEAD + '\n[[staff]]  # <-\nid = 1001\nname = "王芳"\n',
        "staff[0].branches",
        'role "staff" needs at least one branch',
        id="staff-without-branch",
    ),
    pytest.param(
        HEAD + STAFF + 'role = "boss"  # <-\n',
        "staff[0].role",
        'must be one of staff, manager, admin (got "boss")',
        id="bad-role",
    ),
    pytest.param(
        HEAD + '\n[[staff]]\nid = -3  # <-\nname = "王芳"\nbranches = ["main"]\n',
        "staff[0].id",
        "must be a positive whole number (got -3)",
        id="negative-staff-id",
    ),
    pytest.param(
        with_org('timezone = "Asia/Shanghia"  # <-'),
        "org.timezone",
        "IANA time zone",
        id="bad-timezone",
    ),
    pytest.param(
        with_org('locale = "zh"  # <-'),
        "org.locale",
        'must be one of zh_CN, en (got "zh")',
        id="bad-locale",
    ),
    pytest.param(
        with_org('leadership_chat_id = "-100"  # <-'),
        "org.leadership_chat_id",
        "must be a whole number",
        id="chat-id-as-text",
    ),
    pytest.param(
        with_org("leadership_chat_id = 1001000000001  # <-"),
        "org.leadership_chat_id",
        "Telegram group ids are negative",
        id="chat-id-positive",
    ),
    pytest.param(
        HEAD
        + JIAOLOU
        + 'aliases = ["角楼"]\n'
        + '\n[[branches]]\ncode = "jl2"\nname = "角楼二馆"\naliases = ["二馆", "角楼"]  # <-\n',
        "branches[2].aliases[1]",
        'alias "角楼" is also an alias of branch "jiaolou" (branches[1])',
        id="alias-shared",
    ),
    pytest.param(
        HEAD + JIAOLOU + 'aliases = ["Main"]  # <-\n',
        "branches[1].aliases[0]",
        'alias "Main" is the code of another branch, branches[0]',
        id="alias-is-another-code",
    ),
    pytest.param(
        HEAD + JIAOLOU + 'aliases = ["总馆"]  # <-\n',
        "branches[1].aliases[0]",
        'alias "总馆" is the name of another branch, branches[0]',
        id="alias-is-another-name",
    ),
    pytest.param(
        HEAD + '\n[[branches]]\ncode = "zongguan"\nname = "总馆"  # <-\nparent = "main"\n',
        "branches[1].name",
        'duplicate branch name "总馆" (already used by branches[0])',
        id="name-twice",
    ),
    pytest.param(
        HEAD + JIAOLOU + 'aliases = ["角楼"]\n' + STAFF.replace('["main"]', '["角楼"]  # <-'),
        "staff[0].branches[0]",
        'unknown branch "角楼" — "角楼" is an alias of branch "jiaolou": write its code "jiaolou"',
        id="staff-branch-alias",
    ),
    pytest.param(
        HEAD + STAFF.replace('["main"]', '["总馆"]  # <-'),
        "staff[0].branches[0]",
        'unknown branch "总馆" — "总馆" is the name of branch "main": write its code "main"',
        id="staff-branch-name",
    ),
    pytest.param(
        HEAD + JIAOLOU + 'aliases = ["角楼"]\n\n[targets.2026.branches."角楼"]  # <-\nloans = 5\n',
        "targets.2026.branches.角楼",
        'unknown branch "角楼" — "角楼" is an alias of branch "jiaolou": write its code "jiaolou"',
        id="allocation-to-an-alias",
    ),
    pytest.param(
        'schedule = { report_due = "25:00" }  # <-\n' + HEAD,
        "schedule.report_due",
        'must be a time of day like 18:00 (got "25:00")',
        id="inline-table",
    ),
    pytest.param(
        HEAD + '\n[schedule]\nreport_due = "18:00"\ndigest = "someday"  # <-\n',
        "schedule.digest",
        'like "mon 09:00"',
        id="bad-digest",
    ),
    pytest.param(
        HEAD + "\n[targets.2026]\nvisitors = 1000\nvisitorz = 5  # <-\n",
        "targets.2026.visitorz",
        'unknown metric "visitorz" (did you mean "visitors"?)',
        id="unknown-metric",
    ),
    pytest.param(
        HEAD + "\n[targets.2026]\nloans = -400000  # <-\n",
        "targets.2026.loans",
        "must not be negative (got -400000)",
        id="negative-target",
    ),
    pytest.param(
        HEAD + '\n[targets."2026"]\nloans = 1.5  # <-\n',
        "targets.2026.loans",
        "must be a whole number (got 1.5)",
        id="fractional-target-quoted-year",
    ),
    pytest.param(
        HEAD + "\n[targets.2026.branches.nowhere]  # <-\nvisitors = 1\n",
        "targets.2026.branches.nowhere",
        'unknown branch "nowhere"',
        id="target-unknown-branch",
    ),
    pytest.param(
        HEAD + "\n[targets.2026.branches.main]\nvisitors = -1  # <-\n",
        "targets.2026.branches.main.visitors",
        "must not be negative",
        id="negative-branch-target",
    ),
    pytest.param(
        HEAD + "\n[targets]\n2026.loans = 1\n2026.branches.main.eventz = 3  # <-\n",
        "targets.2026.branches.main.eventz",
        'unknown metric "eventz"',
        id="dotted-keys",
    ),
    pytest.param(
        HEAD + "\n[targets.26]  # <-\nvisitors = 1\n",
        "targets.26",
        "must be a year like 2026",
        id="bad-year",
    ),
    pytest.param(
        HEAD + '\n[[metrics]]\ncode = "visitors"  # <-\nname_zh = "到馆"\nname_en = "Visits"\n'
        'unit_zh = "人次"\nunit_en = "visits"\n',
        "metrics[0].code",
        "already a built-in metric",
        id="metric-clash",
    ),
    pytest.param(
        HEAD + "\n[orgs]  # <-\n",
        "orgs",
        'unknown key (did you mean "org"?)',
        id="unknown-table",
    ),
    pytest.param(
        '[org]\nname = "测试图书馆"\n',
        "branches",
        "is required but missing",
        id="no-branches",
    ),
    pytest.param(
        HEAD + JIAOLOU + "opened = 2026-06-15\nclosed = 2026-06-01  # <-\n",
        "branches[1].closed",
        "must come after opened (2026-06-15), got 2026-06-01",
        id="closed-before-opened",
    ),
    pytest.param(
        HEAD + JIAOLOU + "opened = 2026-06-15\nclosed = 2026-06-15  # <-\n",
        "branches[1].closed",
        "must come after opened",
        id="closed-the-day-it-opened",
    ),
    pytest.param(
        HEAD + JIAOLOU + 'opened = "6月15日"  # <-\n',
        "branches[1].opened",
        'must be a date like 2026-06-15 (got "6月15日")',
        id="opened-not-a-date",
    ),
    pytest.param(
        HEAD + JIAOLOU + "closed = 2026-06-15T18:00:00  # <-\n",
        "branches[1].closed",
        "must be a date like 2026-06-15, without a time",
        id="closed-with-a-time",
    ),
    pytest.param(
        HEAD + JIAOLOU + "opend = 2026-06-15  # <-\n",
        "branches[1].opend",
        'unknown key (did you mean "opened"?)',
        id="opened-typo",
    ),
    pytest.param(
        HEAD + '\n[targets.2026]\nprorate = "yes"  # <-\n',
        "targets.2026.prorate",
        'must be true or false (got "yes")',
        id="prorate-not-a-bool",
    ),
]


def _marked_line(text: str) -> int | None:
    lines = [n for n, line in enumerate(text.splitlines(), 1) if "# <-" in line]
    return lines[0] if lines else None


@pytest.mark.parametrize(("text", "field", "problem"), BAD_FILES)
def test_bad_file_names_field_and_line(text: str, field: str, problem: str) -> None:
    with pytest.raises(OrgError) as caught:
        parse_org(text)
    error = caught.value
    assert (error.field, error.line) == (field, _marked_line(text))
    assert problem in error.problem
    assert "\n" not in str(error)


def test_error_message_shape() -> None:
    text = HEAD + JIAOLOU + 'kind = "libary"\n'
    with pytest.raises(OrgError) as caught:
        parse_org(text)
    assert str(caught.value) == (
        "org.toml, line 13: branches[1].kind: must be one of central, branch, partner, "
        'subdistrict, service_point (got "libary")'
    )


def test_missing_org_table_has_no_line() -> None:
    with pytest.raises(OrgError) as caught:
        parse_org('[[branches]]\ncode = "main"\nname = "总馆"\n', source="x.toml")
    assert str(caught.value) == "x.toml: org: is required but missing"


def test_toml_syntax_error_keeps_tomllib_line() -> None:
    with pytest.raises(OrgError) as caught:
        parse_org(HEAD + 'parent = "main" oops\n')
    assert caught.value.line == 8
    assert caught.value.field is None
    assert str(caught.value).startswith("org.toml, line 8: not valid TOML: ")


def test_multiline_strings_do_not_confuse_the_locator() -> None:
    text = HEAD + '\n[[branches]]\ncode = "x"\nname = """\n[[branches]]\nkind = 1\n"""\n'
    text += 'kind = "?"\n'
    with pytest.raises(OrgError) as caught:
        parse_org(text)
    assert (caught.value.field, caught.value.line) == ("branches[1].kind", 15)


def test_load_org_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "org.toml"
    path.write_text(HEAD + JIAOLOU + 'kind = "libary"\n', encoding="utf-8")
    with pytest.raises(OrgError, match=rf"^{re.escape(str(path))}, line 13: branches\[1\]\.kind: "):
        load_org(path)


def test_missing_file_says_so(tmp_path: Path) -> None:
    path = tmp_path / "absent.toml"
    with pytest.raises(OrgError) as caught:
        load_org(path)
    assert str(caught.value) == f"{path}: file not found (set LIBBOT_ORG to its path)"


def test_a_branch_code_of_32_characters_is_the_longest() -> None:
    code = "a_" * 15 + "z9"
    org = parse_org(HEAD + f'\n[[branches]]\ncode = "{code}"\nname = "角楼"\nparent = "main"\n')
    assert org.branch(code).name == "角楼"


def test_minimal_file_gets_the_documented_defaults() -> None:
    org = parse_org(HEAD)
    assert org.org.tz == ZoneInfo("Asia/Shanghai")
    assert org.org.locale == "zh_CN" and org.org.leadership_chat_id is None
    schedule = org.schedule
    assert (schedule.report_due, schedule.reminder_at, schedule.escalate_at) == (
        time(18, 0),
        time(17, 30),
        time(9, 30),
    )
    assert (schedule.digest_weekday, schedule.digest_time) == (0, time(9, 0))
    assert org.staff == () and org.targets == {} and org.targets_for(2026) is None


def test_schedule_accepts_toml_times_and_other_weekdays() -> None:
    org = parse_org(HEAD + '\n[schedule]\nreport_due = 19:15:00\ndigest = "Friday 17:30"\n')
    assert org.schedule.report_due == time(19, 15)
    assert (org.schedule.digest_weekday, org.schedule.digest_time) == (4, time(17, 30))
    assert org.schedule.digest == "fri 17:30"


def test_extra_metric_joins_the_catalogue_and_can_have_targets() -> None:
    text = HEAD + (
        '\n[[metrics]]\ncode = "story_hours"\nname_zh = "故事会"\nname_en = "Story hours"\n'
        'unit_zh = "场"\nunit_en = "sessions"\nsynonyms_zh = ["绘本故事会"]\n'
        "\n[targets.2026]\nstory_hours = 48\nevents = 800\n"
    )
    org = parse_org(text)
    metric = org.catalogue().get("story_hours")
    assert (metric.name_zh, metric.unit_en, metric.kind) == ("故事会", "sessions", "flow")
    assert metric.synonyms_zh == ("绘本故事会",)
    assert "visitors" in org.catalogue()
    assert org.catalogue() is org.catalogue()
    assert org.targets_for(2026).metrics == {"story_hours": 48, "events": 800}
    assert metric.unit("en", 1) == "sessions"  # no singular given: the one unit stays


def test_an_extra_metric_may_give_its_english_unit_for_one() -> None:
    text = HEAD + (
        '\n[[metrics]]\ncode = "story_hours"\nname_zh = "故事会"\nname_en = "Story hours"\n'
        'unit_zh = "场"\nunit_en = "sessions"\nunit_en_one = "session"\n'
    )
    metric = parse_org(text).catalogue().get("story_hours")
    assert (metric.unit("en", 1), metric.unit("en", 3)) == ("session", "sessions")


# --- the bundled sample -------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample() -> Organisation:
    return load_sample_org()


def test_sample_org_structure(sample: Organisation) -> None:
    assert sample.org.name == "东城区第一图书馆"
    assert sample.org.timezone == "Asia/Shanghai" and sample.org.locale == "zh_CN"
    assert sample.org.leadership_chat_id is not None
    assert [b.code for b in sample.branches][:2] == ["main", "jiaolou"]
    kinds = {b.kind for b in sample.branches}
    assert kinds == {"central", "branch", "partner", "subdistrict", "service_point"}
    main = sample.branch("main")
    assert main.closed_weekdays == {0} and {"总馆", "区馆"} <= set(main.aliases)
    assert not sample.is_open(main, date(2026, 11, 16)) and sample.is_open(main, date(2026, 11, 17))
    assert sample.branch("jiaolou").parent == "main"


def test_sample_org_staff(sample: Organisation) -> None:
    roles = [s.role for s in sample.staff]
    assert roles.count("manager") == 1 and roles.count("admin") == 1
    assert [s.id for s in sample.staff] == list(range(1001, 1001 + len(sample.staff)))
    assert any(len(s.branches) == 2 for s in sample.staff)
    assert [s.locale for s in sample.staff].count("en") == 1
    member = sample.staff_member(1001)
    assert member is not None and member.branches == ("jiaolou",)
    assert sample.staff_member(4242) is None


def test_sample_org_targets_follow_the_seed_plan(sample: Organisation) -> None:
    plan = sample.targets_for(2026)
    assert plan is not None
    assert plan.metrics == {
        "visitors": 600_000,
        "loans": 400_000,
        "new_cards": 5_000,
        "events": 800,
        "digital_clicks": 2_000_000,
        "downloads": 400_000,
        "web_pageviews": 600_000,
        "wechat_followers": 10_000,
        "wechat_views": 60_000,
        "acquisitions_titles": 18_000,
        "acquisitions_volumes": 36_000,
    }
    assert plan.for_branch("jiaolou")["visitors"] == 150_000
    assert plan.for_branch("jixiang") == {}
    for metric, target in plan.metrics.items():
        allocated = sum(figures.get(metric, 0) for figures in plan.branches.values())
        assert allocated <= target, metric


def test_branch_lookup_raises_key_error(sample: Organisation) -> None:
    with pytest.raises(KeyError):
        sample.branch("nowhere")


@pytest.mark.parametrize(
    ("hint", "code"),
    [
        ("main", "main"),
        ("JIAOLOU", "jiaolou"),
        ("角楼图书馆", "jiaolou"),
        ("总馆", "main"),
        ("区馆", "main"),
        ("#角楼", "jiaolou"),
        (" 更读 ", "longfusi"),
        ("王府井书店", "wangfujing"),
        ("吉祥", "jixiang"),
        ("街道", None),
        ("图书馆", None),
        ("西城", None),
        ("", None),
        ("#", None),
        ("角楼馆", "jiaolou"),  # a name with characters left out
        ("吉祥服务点", "jixiang"),
        ("王府井分馆", "wangfujing"),
        ("街道馆", None),  # two names hold it: never a guess
        ("图书馆", None),
        ("东馆", None),  # too short to shorten a name
        ("馆角楼", None),  # out of order
    ],
)
def test_resolve_branch(sample: Organisation, hint: str, code: str | None) -> None:
    found = sample.resolve_branch(hint)
    assert (found.code if found else None) == code


def test_resolve_branch_prefers_exact_over_partial() -> None:
    org = parse_org(
        HEAD + '\n[[branches]]\ncode = "js"\nname = "景山"\nparent = "main"\n'
        '\n[[branches]]\ncode = "jsjd"\nname = "景山街道图书馆"\nparent = "main"\n'
        '\n[[branches]]\ncode = "dh"\nname = "main"\n'
    )
    # the file may not give one branch an alias that is another's code, but a rename in
    # chat keeps the old name as an alias, whatever it was
    org.use_branch_changes([BranchChange("rename", "dh", name="东华门")])
    assert org.branch("dh").aliases == ("main",)
    assert org.resolve_branch("景山").code == "js"  # type: ignore[union-attr]
    assert org.resolve_branch("景山街道").code == "jsjd"  # type: ignore[union-attr]
    assert org.resolve_branch("main").code == "main"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (
            "main",
            ["main", "jiaolou", "wangfujing", "longfusi", "jingshan", "jixiang", "donghuamen"],
        ),
        ("jingshan", ["jingshan", "jixiang"]),
        ("jixiang", ["jixiang"]),
    ],
)
def test_descendants(sample: Organisation, code: str, expected: list[str]) -> None:
    assert sample.descendants(code) == expected


def test_descendants_of_unknown_branch(sample: Organisation) -> None:
    with pytest.raises(KeyError):
        sample.descendants("nowhere")


# --- every problem at once ----------------------------------------------------------------

MANY_MISTAKES = (
    with_org("leadership_chat_id = 42")
    + JIAOLOU
    + 'kind = "libary"\naliases = ["角楼"]\n'
    + '\n[[branches]]\ncode = "jingshan"\nname = "景山"\nparent = "main"\naliases = ["角楼"]\n'
    + STAFF.replace('["main"]', '["角楼", "jiaolou"]')
    + '\n[[staff]]\nid = 1002\nname = "李建国"\nrole = "manger"\n'
    + "\n[targets.2026]\nvisitors = 1000\nloan = 5\n"
)


def test_every_problem_is_named_in_file_order() -> None:
    with pytest.raises(OrgError) as caught:
        parse_org(MANY_MISTAKES)
    found = [(p.line, p.field) for p in caught.value.problems]
    assert found == [
        (2, "org.leadership_chat_id"),
        (14, "branches[1].kind"),
        (21, "branches[2].aliases[0]"),
        (26, "staff[0].branches[0]"),
        (31, "staff[1].role"),
        (35, "targets.2026.loan"),
    ]
    lines = str(caught.value).splitlines()
    assert lines == [str(p) for p in caught.value.problems]
    assert lines[3] == (
        'org.toml, line 26: staff[0].branches[0]: unknown branch "角楼" — "角楼" is an alias of'
        ' branch "jiaolou": write its code "jiaolou"'
    )
    assert 'also an alias of branch "jiaolou"' in lines[2]  # though jiaolou has a typo
    assert lines[5].endswith('unknown metric "loan" (did you mean "loans"?)')
    # the first problem is also the error's own, for callers that name one
    assert (caught.value.line, caught.value.field) == (2, "org.leadership_chat_id")


def test_a_reference_to_an_entry_with_a_typo_is_not_called_unknown_too() -> None:
    text = HEAD + '\n[[branches]]\ncode = "jiaolou"\nname = ""\n'  # invalid, cannot be saved
    text += STAFF.replace('["main"]', '["jiaolou"]') + '\n[[staff]]\nid = 1002\nname = "李"\n'
    text += 'role = "manger"\n'  # not taken for "staff", which would need a branch
    with pytest.raises(OrgError) as caught:
        parse_org(text)
    assert [p.field for p in caught.value.problems] == ["branches[1].name", "staff[1].role"]


def test_a_toml_syntax_error_is_the_one_problem() -> None:
    with pytest.raises(OrgError) as caught:
        parse_org(MANY_MISTAKES + "visitors = = 5\n")
    assert len(caught.value.problems) == 1
    assert caught.value.problem.startswith("not valid TOML")


def test_a_file_saved_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = tmp_path / "org.toml"
    path.write_text(HEAD + JIAOLOU + 'kind = "libary"\n', encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    with pytest.raises(OrgError) as caught:
        load_org(path)
    assert (caught.value.line, caught.value.field) == (13, "branches[1].kind")  # lines unmoved
    path.write_text(HEAD + JIAOLOU, encoding="utf-8-sig")
    assert load_org(path).branch("jiaolou").parent == "main"


# --- warnings: the file is accepted, `libbot check` prints them ---------------------------

TWO_BRANCHES = HEAD + JIAOLOU  # main and jiaolou, open every day of the year


def _warnings(tmp_path: Path, text: str) -> list[tuple[int | None, str | None, str]]:
    path = tmp_path / "org.toml"
    path.write_text(text, encoding="utf-8")
    org, warnings = inspect_org(path)
    assert org.org.name == "测试图书馆"  # accepted
    assert all(w.source == str(path) for w in warnings)
    return [(w.line, w.field, w.problem) for w in warnings]


def test_a_sensible_plan_has_no_warnings(tmp_path: Path) -> None:
    path = tmp_path / "org.toml"
    path.write_text(sample_org_text(), encoding="utf-8")
    assert inspect_org(path)[1] == []


def test_allocations_above_the_system_target_are_a_warning(tmp_path: Path) -> None:
    text = TWO_BRANCHES + (
        "\n[targets.2026]\nvisitors = 100000\nloans = 50000\n"  # line 15: visitors
        "\n[targets.2026.branches.main]\nvisitors = 60000\nloans = 25000\n"
        "\n[targets.2026.branches.jiaolou]\nvisitors = 40001\nloans = 25000\n"
    )
    assert _warnings(tmp_path, text) == [
        (
            15,
            "targets.2026.visitors",
            "the allocations of visitors to 2 branches add up to 100001, more than this target"
            " of the whole system (100000): the branches' progress and the system's would"
            " disagree",
        )
    ]  # loans add up to exactly the target: fine


def test_allocations_are_summed_as_prorated(tmp_path: Path) -> None:
    plan = (
        "\n[targets.2026]\nvisitors = 100000\n"
        "\n[targets.2026.branches.main]\nvisitors = 60000\n"
        "\n[targets.2026.branches.jiaolou]\nvisitors = 60000\n"
    )
    opens_in_july = TWO_BRANCHES + "opened = 2026-07-01\n"
    assert len(_warnings(tmp_path, opens_in_july + plan)) == 1  # 120000 as written
    prorated = plan.replace("visitors = 100000\n", "visitors = 100000\nprorate = true\n")
    assert _warnings(tmp_path, opens_in_july + prorated) == []  # 60000 + about 30000


@pytest.mark.parametrize(
    ("plan", "field", "problem"),
    [
        pytest.param(
            "\n[targets.2026]\nevents = 0\n",
            "targets.2026.events",
            "is 0: a target met before the year begins: leave it out for no target",
            id="zero-target",
        ),
        pytest.param(
            "\n[targets.2026.branches.jiaolou]\nnew_cards = 0\n",
            "targets.2026.branches.jiaolou.new_cards",
            "is 0: a target met before the year begins",
            id="zero-allocation",
        ),
        pytest.param(
            # new_cards: at most 5000 a day at one branch; 2 branches × 365 days × 5000
            "\n[targets.2026]\nnew_cards = 3650001\n",
            "targets.2026.new_cards",
            "is 3650001: more than 5000 (the most one branch can believably report,"
            " daily_max) at each of the 2 branches on each day it is open (730 branch-days"
            " in 2026); is a digit too many?",
            id="system-target-beyond-daily-max",
        ),
        pytest.param(
            "\n[targets.2026.branches.jiaolou]\nevents = 73001\n",
            "targets.2026.branches.jiaolou.events",
            "is 73001: more than 200 (the most one branch can believably report, daily_max)"
            " on each of the branch's 365 open days in 2026",
            id="allocation-beyond-daily-max",
        ),
        pytest.param(
            "\n[targets.2026]\nwechat_followers = 20000001\n",
            "targets.2026.wechat_followers",
            "is 20000001: a level above 10000000 (the most one branch can believably report,"
            " daily_max) at each of the 2 branches",
            id="level-beyond-daily-max",
        ),
    ],
)
def test_an_absurd_target_is_a_warning(tmp_path: Path, plan: str, field: str, problem: str) -> None:
    ((line, got_field, got),) = _warnings(tmp_path, TWO_BRANCHES + plan)
    assert got_field == field and problem in got
    assert line == len((TWO_BRANCHES + plan).splitlines())  # the figure's own line


def test_targets_just_within_reach_are_not_warned_of(tmp_path: Path) -> None:
    plan = (
        "\n[targets.2026]\nnew_cards = 3650000\nwechat_followers = 20000000\n"
        "\n[targets.2026.branches.jiaolou]\nevents = 73000\n"
    )
    assert _warnings(tmp_path, TWO_BRANCHES + plan) == []


def test_an_allocation_to_a_branch_closed_all_year_is_a_warning(tmp_path: Path) -> None:
    text = TWO_BRANCHES + "closed = 2025-06-01\n\n[targets.2026.branches.jiaolou]\nloans = 10\n"
    assert _warnings(tmp_path, text) == [
        (16, "targets.2026.branches.jiaolou.loans",
         "is 10: no day of the year is open to reach it"),
    ]  # fmt: skip
    prorated = text.replace(
        "[targets.2026.branches", "[targets.2026]\nprorate = true\n\n[targets.2026.branches"
    )
    assert _warnings(tmp_path, prorated) == []  # prorated to 0: the plan expects nothing of it
