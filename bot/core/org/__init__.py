"""The organisation file (``org.toml``): branches, staff roster, schedule and annual targets."""

from bot.core.org.changes import BranchAction, BranchChange
from bot.core.org.loading import inspect_org, load_org, parse_org
from bot.core.org.organisation import Organisation
from bot.core.org.sections import (
    WEEKDAYS,
    Branch,
    BranchKind,
    Locale,
    MetricDef,
    OrgInfo,
    Role,
    Schedule,
    StaffMember,
    YearTargets,
)
from bot.core.org_errors import OrgError

__all__ = [
    "WEEKDAYS",
    "Branch",
    "BranchAction",
    "BranchChange",
    "BranchKind",
    "Locale",
    "MetricDef",
    "OrgError",
    "OrgInfo",
    "Organisation",
    "Role",
    "Schedule",
    "StaffMember",
    "YearTargets",
    "inspect_org",
    "load_org",
    "parse_org",
]
