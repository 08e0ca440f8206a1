"""Reading the organisation file, with the first problem named by line and field."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, ValidationError

from bot.core.deadlines.rules import DeadlineDef
from bot.core.org.organisation import Organisation
from bot.core.org.sections import Branch, MetricDef, OrgInfo, Schedule, StaffMember
from bot.core.org_errors import Loc, OrgError, first_problem

__all__ = ["load_org", "parse_org"]

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
    if model is None:
        return ()
    return [info.alias or name for name, info in model.model_fields.items()]


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
