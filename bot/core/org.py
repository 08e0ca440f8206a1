"""The organisation file (``org.toml``): branches, staff roster, schedule and annual targets."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator
from datetime import date, time
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from bot.core.deadline_rules import DeadlineDef
from bot.core.metrics import Metric, MetricCatalogue
from bot.core.open_days import OpenDays, calendar_exists
from bot.core.org_errors import Loc, OrgError, dotted, first_problem, show_value, suggest

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

BranchKind = Literal["central", "branch", "partner", "subdistrict", "service_point"]
Role = Literal["staff", "manager", "admin"]
Locale = Literal["zh_CN", "en"]


def _clock(value: object) -> time:
    if isinstance(value, time):
        return value
    match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*", value) if isinstance(value, str) else None
    if match and int(match[1]) < 24 and int(match[2]) < 60:
        return time(int(match[1]), int(match[2]))
    raise ValueError(f"must be a time of day like 18:00 (got {show_value(value)})")


def _weekday(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 6:
        return value
    name = value.strip().lower() if isinstance(value, str) else ""
    if name in WEEKDAYS or name in _WEEKDAY_NAMES:
        return WEEKDAYS.index(name[:3])
    raise ValueError(f"days must be {', '.join(WEEKDAYS)} (got {show_value(value)})")


def _weekdays(value: object) -> object:
    if isinstance(value, list | tuple | set | frozenset):
        return frozenset(_weekday(item) for item in value)
    return value


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Code = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+$")]
Clock = Annotated[time, BeforeValidator(_clock)]
Target = Annotated[int, Field(strict=True, ge=0)]
Year = Annotated[int, Field(ge=2000, le=2100)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OrgInfo(_Model):
    """The ``[org]`` table."""

    name: Text
    timezone: str = "Asia/Shanghai"
    locale: Locale = "zh_CN"
    leadership_chat_id: Annotated[int, Field(strict=True)] | None = None
    holidays: str = "CN"  # public-holiday calendar: country code, optionally "-subdivision"

    @field_validator("holidays")
    @classmethod
    def _known_calendar(cls, value: str) -> str:
        value = value.strip()
        if value and not calendar_exists(value):
            raise ValueError(
                f'must be a country code the holidays package knows, such as "CN" or "US-CA",'
                f' or "" for none (got {show_value(value)})'
            )
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f'must be an IANA time zone such as "Asia/Shanghai" (got {show_value(value)})'
            ) from None
        return value

    @property
    def tz(self) -> ZoneInfo:
        """The organisation's time zone."""
        return ZoneInfo(self.timezone)


def _parse_digest(value: str) -> tuple[int, time]:
    match = re.fullmatch(r"\s*([A-Za-z]+)\s+(\S+)\s*", value)
    try:
        if match is None:
            raise ValueError
        return _weekday(match[1]), _clock(match[2])
    except ValueError:
        raise ValueError(
            f'must be a weekday and a time like "mon 09:00" (got {show_value(value)})'
        ) from None


class Schedule(_Model):
    """The ``[schedule]`` table: local times of the daily and weekly jobs."""

    report_due: Clock = time(18, 0)
    reminder_at: Clock = time(17, 30)
    escalate_at: Clock = time(9, 30)
    digest: str = "mon 09:00"
    deadline_reminder_at: Clock = time(9, 0)
    deadline_reminders: tuple[Annotated[int, Field(strict=True, ge=0, le=60)], ...] = (3, 1, 0)

    @field_validator("digest")
    @classmethod
    def _normalise_digest(cls, value: str) -> str:
        weekday, at = _parse_digest(value)
        return f"{WEEKDAYS[weekday]} {at:%H:%M}"

    @model_validator(mode="after")
    def _reminder_before_due(self) -> Schedule:
        if self.reminder_at >= self.report_due:
            raise ValueError(
                f"reminder_at ({self.reminder_at:%H:%M}) must come before"
                f" report_due ({self.report_due:%H:%M})"
            )
        return self

    @property
    def digest_weekday(self) -> int:
        """The digest's day of the week, 0 = Monday."""
        return _parse_digest(self.digest)[0]

    @property
    def digest_time(self) -> time:
        """The digest's local time of day."""
        return _parse_digest(self.digest)[1]


class Branch(_Model):
    """One ``[[branches]]`` entry: the central library, a branch or a service point."""

    code: Code
    name: Text
    kind: BranchKind = "branch"
    parent: str | None = None
    closed_weekdays: Annotated[frozenset[int], BeforeValidator(_weekdays)] = frozenset()
    aliases: tuple[Text, ...] = ()
    closed_on_holidays: bool = False  # closes on public holidays, opens on make-up workdays


class StaffMember(_Model):
    """One ``[[staff]]`` entry; ``id`` is the Telegram user id."""

    id: Annotated[int, Field(strict=True, gt=0)]
    name: Text
    role: Role = "staff"
    branches: tuple[str, ...] = ()
    locale: Locale | None = None


class MetricDef(_Model):
    """One ``[[metrics]]`` entry: a metric the organisation adds to the default catalogue."""

    code: Code
    name_zh: Text
    name_en: Text
    unit_zh: Text
    unit_en: Text
    kind: Literal["flow", "stock"] = "flow"
    synonyms_zh: tuple[Text, ...] = ()
    synonyms_en: tuple[Text, ...] = ()
    unit_words: tuple[Text, ...] = ()
    subtypes: tuple[Text, ...] = ()
    daily_max: Annotated[int, Field(strict=True, gt=0)] = 1_000_000

    def to_metric(self) -> Metric:
        """The catalogue entry for this definition."""
        return Metric(**dict(self))


class YearTargets(BaseModel):
    """One ``[targets.YYYY]`` table: org-wide metric targets plus per-branch allocations."""

    model_config = ConfigDict(extra="allow", frozen=True)
    __pydantic_extra__: dict[str, Target] = Field(init=False)

    branches: dict[str, dict[str, Target]] = {}

    @property
    def metrics(self) -> dict[str, int]:
        """Org-wide targets by metric code."""
        return dict(self.__pydantic_extra__ or {})

    def for_branch(self, code: str) -> dict[str, int]:
        """The targets allocated to one branch (empty when none)."""
        return dict(self.branches.get(code, {}))


class Organisation(_Model):
    """The whole organisation file, validated and cross-checked."""

    org: OrgInfo
    schedule: Schedule = Schedule()
    branches: tuple[Branch, ...] = Field(min_length=1)
    staff: tuple[StaffMember, ...] = ()
    targets: dict[Year, YearTargets] = {}
    metrics: tuple[MetricDef, ...] = ()
    deadlines: tuple[DeadlineDef, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Organisation:
        for loc, problem in _problems(self):
            raise PydanticCustomError(
                "org_consistency",
                "{where}: {problem}",
                {"where": dotted(loc), "problem": problem, "loc": loc},
            )
        return self

    def catalogue(self) -> MetricCatalogue:
        """The default metric catalogue plus the file's ``[[metrics]]``."""
        return self._catalogue

    def branch(self, code: str) -> Branch:
        """The branch with this code; ``KeyError`` when there is none."""
        return self._branch_index[code]

    def resolve_branch(self, hint: str) -> Branch | None:
        """The branch a person means: code, name, alias, then a unique part of a name."""
        needle = hint.strip().lstrip("#＃").strip().casefold()
        if not needle:
            return None
        for found in (
            [b for b in self.branches if b.code == needle],
            [b for b in self.branches if b.name.casefold() == needle],
            [b for b in self.branches if needle in (a.casefold() for a in b.aliases)],
        ):
            if found:
                return found[0]
        partial = [
            b for b in self.branches if any(needle in n.casefold() for n in (b.name, *b.aliases))
        ]
        return partial[0] if len(partial) == 1 else None

    def descendants(self, code: str) -> list[str]:
        """``code`` and the codes of every branch below it, depth first in file order."""
        self.branch(code)
        codes = [code]
        for child in self._children.get(code, ()):
            codes.extend(self.descendants(child))
        return codes

    def staff_member(self, user_id: int) -> StaffMember | None:
        """The rostered staff member with this Telegram user id, if any."""
        return self._staff_index.get(user_id)

    def is_open(self, branch: Branch, day: date) -> bool:
        """Whether ``branch`` opens on ``day``: its closing weekdays and public holidays."""
        return self._open_days.is_open(branch, day)

    def targets_for(self, year: int) -> YearTargets | None:
        """The annual plan for ``year``, if the file has one."""
        return self.targets.get(year)

    @cached_property
    def _catalogue(self) -> MetricCatalogue:
        return MetricCatalogue.default().with_extra(m.to_metric() for m in self.metrics)

    @cached_property
    def _open_days(self) -> OpenDays:
        return OpenDays(self.org.holidays)

    @cached_property
    def _branch_index(self) -> dict[str, Branch]:
        return {b.code: b for b in self.branches}

    @cached_property
    def _staff_index(self) -> dict[int, StaffMember]:
        return {s.id: s for s in self.staff}

    @cached_property
    def _children(self) -> dict[str, list[str]]:
        children: dict[str, list[str]] = {}
        for b in self.branches:
            if b.parent is not None:
                children.setdefault(b.parent, []).append(b.code)
        return children


def _problems(org: Organisation) -> Iterator[tuple[Loc, str]]:
    """Cross-field problems, roughly in file order."""
    first: dict[str, int] = {}
    for i, b in enumerate(org.branches):
        if b.code in first:
            yield (
                ("branches", i, "code"),
                (f'duplicate branch code "{b.code}" (already used by branches[{first[b.code]}])'),
            )
        first.setdefault(b.code, i)
    parents = {b.code: b.parent for b in org.branches}
    for i, b in enumerate(org.branches):
        if b.parent is not None and b.parent not in parents:
            yield ("branches", i, "parent"), _unknown("branch", b.parent, parents)
        chain, current = [b.code], b.parent
        while current in parents and current not in chain:
            chain.append(current)
            current = parents[current]
        if current == b.code:
            yield ("branches", i, "parent"), f"parent chain loops: {' → '.join([*chain, b.code])}"
    seen_ids: dict[int, int] = {}
    for i, s in enumerate(org.staff):
        if s.id in seen_ids:
            yield (
                ("staff", i, "id"),
                f"duplicate id {s.id} (already used by staff[{seen_ids[s.id]}])",
            )
        seen_ids.setdefault(s.id, i)
        for k, code in enumerate(s.branches):
            if code not in parents:
                yield ("staff", i, "branches", k), _unknown("branch", code, parents)
        if s.role == "staff" and not s.branches:
            yield ("staff", i, "branches"), 'a member with role "staff" needs at least one branch'
    builtin = MetricCatalogue.default()
    extra: dict[str, int] = {}
    for i, m in enumerate(org.metrics):
        if m.code in builtin:
            yield ("metrics", i, "code"), f'"{m.code}" is already a built-in metric'
        elif m.code in extra:
            yield ("metrics", i, "code"), f'duplicate metric code "{m.code}"'
        extra.setdefault(m.code, i)
    known = [*builtin.codes, *extra]
    for year, plan in org.targets.items():
        for metric in plan.metrics:
            if metric not in known:
                yield ("targets", str(year), metric), _unknown("metric", metric, known)
        for code, figures in plan.branches.items():
            if code not in parents:
                yield ("targets", str(year), "branches", code), _unknown("branch", code, parents)
            for metric in figures:
                if metric not in known:
                    loc = ("targets", str(year), "branches", code, metric)
                    yield loc, _unknown("metric", metric, known)
    for i, d in enumerate(org.deadlines):
        for k, code in enumerate(d.branches):
            if code not in parents:
                yield ("deadlines", i, "branches", k), _unknown("branch", code, parents)


def _unknown(what: str, name: str, known: Iterable[str]) -> str:
    return f'unknown {what} "{name}"{suggest(name, known)}'


# --- error reporting ---------------------------------------------------------------------

_SECTION_MODELS: dict[str, type[BaseModel]] = {
    "org": OrgInfo,
    "schedule": Schedule,
    "branches": Branch,
    "staff": StaffMember,
    "metrics": MetricDef,
    "deadlines": DeadlineDef,
}


def _org_error(exc: ValidationError, text: str, source: str) -> OrgError:
    """The first problem in the file (by line) as an ``OrgError``."""
    return first_problem(exc, text, source, _known_keys)


def _known_keys(loc: Loc) -> Iterable[str]:
    """The keys allowed where ``loc`` is, for "did you mean" hints."""
    model = Organisation if len(loc) == 1 else _SECTION_MODELS.get(str(loc[0]))
    return model.model_fields if model else ()


def parse_org(text: str, source: str = "org.toml") -> Organisation:
    """Validate an organisation file's text; ``OrgError`` names the line and the field."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        at = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
        if at is None:
            raise OrgError(source, f"not valid TOML: {message}") from None
        problem = f"not valid TOML: {message[: at.start()]} (column {at[2]})"
        raise OrgError(source, problem, line=int(at[1])) from None
    try:
        return Organisation.model_validate(data)
    except ValidationError as exc:
        raise _org_error(exc, text, source) from None


def load_org(path: Path) -> Organisation:
    """Read and validate the organisation file at ``path``."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise OrgError(str(path), "file not found (set LIBBOT_ORG to its path)") from None
    except UnicodeDecodeError:
        raise OrgError(str(path), "not UTF-8 text") from None
    except OSError as exc:
        raise OrgError(str(path), f"cannot be read ({exc.strerror or exc})") from None
    return parse_org(text, source=str(path))
