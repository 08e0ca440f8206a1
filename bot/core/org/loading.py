"""Reading the organisation file, with every problem named by line and field."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from bot.core.deadlines.rules import DeadlineDef
from bot.core.org.consistency import Sections, problems
from bot.core.org.organisation import Organisation
from bot.core.org.plan_checks import plan_warnings
from bot.core.org.sections import (
    Branch,
    MetricDef,
    OrgInfo,
    Schedule,
    StaffMember,
    Threshold,
    Year,
    YearTargets,
)
from bot.core.org_errors import Loc, OrgError, OrgProblem, all_problems, located

__all__ = ["inspect_org", "load_org", "parse_org"]

_SECTION_MODELS: dict[str, type[BaseModel]] = {
    "org": OrgInfo,
    "schedule": Schedule,
    "branches": Branch,
    "staff": StaffMember,
    "metrics": MetricDef,
    "deadlines": DeadlineDef,
}


def _known_keys(loc: Loc) -> Iterable[str]:
    """The keys allowed where ``loc`` is, for "did you mean" hints."""
    model = Organisation if len(loc) == 1 else _SECTION_MODELS.get(str(loc[0]))
    if model is None:
        return ()
    return [info.alias or name for name, info in model.model_fields.items()]


def parse_org(text: str, source: str = "org.toml") -> Organisation:
    """Validate an organisation file's text; ``OrgError`` names every problem by line and
    field (a TOML syntax error stops the reading: then it is the one problem)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        at = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
        if at is None:
            raise OrgError.single(source, f"not valid TOML: {message}") from None
        problem = f"not valid TOML: {message[: at.start()]} (column {at[2]})"
        raise OrgError.single(source, problem, line=int(at[1])) from None
    try:
        return Organisation.model_validate(data)
    except ValidationError as exc:
        more = problems(_valid_sections(data)) if _field_errors(exc) else ()
        raise OrgError(all_problems(exc, text, source, _known_keys, more)) from None


def load_org(path: Path) -> Organisation:
    """Read and validate the organisation file at ``path``."""
    return parse_org(_read(path), source=str(path))


def inspect_org(path: Path) -> tuple[Organisation, list[OrgProblem]]:
    """Read and validate the file at ``path`` as :func:`load_org` does, and say what in it
    looks wrong though the bot can run with it (:func:`plan_warnings`), by line."""
    text = _read(path)
    org = parse_org(text, source=str(path))
    return org, located(plan_warnings(org), text, str(path))


def _read(path: Path) -> str:
    """The file's text; a byte order mark (Windows Notepad writes one) is left out."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise OrgError.single(str(path), "file not found (set LIBBOT_ORG to its path)") from None
    except UnicodeDecodeError:
        raise OrgError.single(str(path), "not UTF-8 text") from None
    except OSError as exc:
        raise OrgError.single(str(path), f"cannot be read ({exc.strerror or exc})") from None


def _field_errors(exc: ValidationError) -> bool:
    """Whether some entry failed on its own (then the cross-checks did not run)."""
    return any(error["type"] != "org_consistency" for error in exc.errors())


def _valid_sections(data: dict[str, Any]) -> Sections:
    """The entries of ``data`` that validate, for the cross-checks, each without the keys
    it fails on when it validates so (a typo in one key does not hide its aliases)."""
    years = data.get("targets")
    return Sections(
        branches=_entries(data, "branches", Branch),
        # a role with a typo would fall back to "staff", which must have a branch
        staff=_entries(data, "staff", StaffMember, vital={"role"}),
        metrics=_entries(data, "metrics", MetricDef),
        targets={
            year: plan
            for key, value in (years.items() if isinstance(years, dict) else ())
            if (year := _valid(_YEAR, key)) is not None
            and (plan := _salvaged(YearTargets, value)) is not None
        },
        evaluation={
            code: threshold
            for code, value in _table(data, "evaluation").items()
            if (threshold := _valid(_THRESHOLD, value)) is not None
        },
        deadlines=_entries(data, "deadlines", DeadlineDef),
        codes=_declared(data, "branches"),
        metric_codes=_declared(data, "metrics"),
    )


_M = TypeVar("_M", bound=BaseModel)
_T = TypeVar("_T")
_YEAR = TypeAdapter[int](Year)
_THRESHOLD = TypeAdapter[float](Threshold)


def _entries(
    data: dict[str, Any], key: str, model: type[_M], vital: Collection[str] = ()
) -> list[tuple[int, _M]]:
    entries = data.get(key)
    found = []
    for i, entry in enumerate(entries if isinstance(entries, list) else ()):
        if (valid := _salvaged(model, entry, vital)) is not None:
            found.append((i, valid))
    return found


def _salvaged(model: type[_M], entry: object, vital: Collection[str] = ()) -> _M | None:
    """``entry`` validated, else validated without the keys it fails on (none ``vital``)."""
    try:
        return model.model_validate(entry)
    except ValidationError as exc:
        bad = {str(error["loc"][0]) for error in exc.errors() if error["loc"]}
        if not isinstance(entry, dict) or not bad or bad & set(vital):
            return None
    try:
        return model.model_validate({k: v for k, v in entry.items() if k not in bad})
    except ValidationError:
        return None


def _valid(adapter: TypeAdapter[_T], value: object) -> _T | None:
    try:
        return adapter.validate_python(value)
    except ValidationError:
        return None


def _table(data: dict[str, Any], key: str) -> dict[str, Any]:
    table = data.get(key)
    return table if isinstance(table, dict) else {}


def _declared(data: dict[str, Any], key: str) -> frozenset[str]:
    """Every ``code`` written in the entries of ``key``, valid or not."""
    entries = data.get(key)
    return frozenset(
        entry["code"]
        for entry in (entries if isinstance(entries, list) else ())
        if isinstance(entry, dict) and isinstance(entry.get("code"), str)
    )
