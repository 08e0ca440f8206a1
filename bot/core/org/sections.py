"""The sections of the organisation file: org, schedule, branches, staff, metrics, targets."""

from __future__ import annotations

import re
from datetime import date, time
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from bot.core.metrics import Metric
from bot.core.open_days import calendar_exists
from bot.core.org_errors import show_value

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
# A branch code rides in button callback data (64 bytes in all), so it is short and plain.
BRANCH_CODE_LIMIT = 32
BranchCode = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9_]+$", max_length=BRANCH_CODE_LIMIT)
]
Clock = Annotated[time, BeforeValidator(_clock)]
Target = Annotated[int, Field(strict=True, ge=0)]
Year = Annotated[int, Field(ge=2000, le=2100)]
# People served, readers holding a card, volumes held: the evaluation's bases (评估定级)
Count = Annotated[int, Field(strict=True, gt=0)]
Threshold = Annotated[float, Field(strict=True, ge=0)]


class OrgModel(BaseModel):
    """A table of the file: unknown keys refused, values frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class OrgInfo(OrgModel):
    """The ``[org]`` table."""

    name: Text
    timezone: str = "Asia/Shanghai"
    locale: Locale = "zh_CN"
    leadership_chat_id: Annotated[int, Field(strict=True)] | None = None
    holidays: str = "CN"  # public-holiday calendar: country code, optionally "-subdivision"
    population: Count | None = None  # residents of the area served (常住人口)
    cardholders: Count | None = None  # readers holding a valid card (有效持证读者)
    holdings: Count | None = None  # volumes held (馆藏总量, 册)

    @field_validator("leadership_chat_id")
    @classmethod
    def _a_group(cls, value: int | None) -> int | None:
        if value is not None and value >= 0:
            raise ValueError(
                "must be the id of the leadership's group: Telegram group ids are negative"
                f" (a supergroup's starts with -100, like -1001000000001), a positive id is"
                f" one person's (got {value})"
            )
        return value

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


class Schedule(OrgModel):
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


class Branch(OrgModel):
    """One ``[[branches]]`` entry: the central library, a branch or a service point."""

    code: BranchCode
    name: Text
    kind: BranchKind = "branch"
    parent: str | None = None
    closed_weekdays: Annotated[frozenset[int], BeforeValidator(_weekdays)] = frozenset()
    aliases: tuple[Text, ...] = ()
    closed_on_holidays: bool = False  # closes on public holidays, opens on make-up workdays
    opened: date | None = None  # its first day open (None: open before the bot ran)
    closed: date | None = None  # its first day closed for good (None: still open)
    population: Count | None = None  # its own service area's, where known
    cardholders: Count | None = None
    holdings: Count | None = None

    def in_service(self, day: date) -> bool:
        """Whether ``day`` falls between its opening and its closing (both dates its own)."""
        return (self.opened is None or self.opened <= day) and (
            self.closed is None or day < self.closed
        )


class StaffMember(OrgModel):
    """One ``[[staff]]`` entry; ``id`` is the Telegram user id."""

    id: Annotated[int, Field(strict=True, gt=0)]
    name: Text
    role: Role = "staff"
    branches: tuple[str, ...] = ()
    locale: Locale | None = None


class MetricDef(OrgModel):
    """One ``[[metrics]]`` entry: a metric the organisation adds to the default catalogue."""

    code: Code
    name_zh: Text
    name_en: Text
    unit_zh: Text
    unit_en: Text
    unit_en_one: Text | None = None  # the English unit for one: visit for visits
    kind: Literal["flow", "stock"] = "flow"
    synonyms_zh: tuple[Text, ...] = ()
    synonyms_en: tuple[Text, ...] = ()
    unit_words: tuple[Text, ...] = ()
    subtypes: tuple[Text, ...] = ()
    daily_max: Annotated[int, Field(strict=True, gt=0)] = 1_000_000

    def to_metric(self) -> Metric:
        """The catalogue entry for this definition."""
        return Metric(**{**dict(self), "unit_en_one": self.unit_en_one or ""})


class YearTargets(BaseModel):
    """One ``[targets.YYYY]`` table: org-wide metric targets plus per-branch allocations."""

    model_config = ConfigDict(extra="allow", frozen=True)
    __pydantic_extra__: dict[str, Target] = Field(init=False)

    branches: dict[str, dict[str, Target]] = {}
    # Branches that open or close during the year: allocation × the share they serve.
    prorate: Annotated[bool, Field(strict=True)] = False

    @property
    def metrics(self) -> dict[str, int]:
        """Org-wide targets by metric code."""
        return dict(self.__pydantic_extra__ or {})

    def for_branch(self, code: str) -> dict[str, int]:
        """The targets allocated to one branch (empty when none)."""
        return dict(self.branches.get(code, {}))
