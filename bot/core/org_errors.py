"""Problems in the organisation file, one line each naming the file, the line and the field.

tomllib gives no line numbers for values, so :class:`Locator` finds the line of a
validation location such as ``('branches', 1, 'kind')`` in the TOML text itself.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

Loc = tuple[str | int, ...]
KnownKeys = Callable[[Loc], Iterable[str]]


@dataclass(frozen=True, slots=True)
class OrgProblem:
    """One problem (or warning) in the organisation file: where it is, and what is wrong."""

    source: str
    problem: str
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = self.source if self.line is None else f"{self.source}, line {self.line}"
        return (
            f"{where}: {self.problem}"
            if self.field is None
            else f"{where}: {self.field}: {self.problem}"
        )


class OrgError(Exception):
    """The organisation file is missing or invalid: every problem found, in file order;
    ``str()`` is one problem a line. ``source``, ``problem``, ``line`` and ``field`` are
    the first problem's."""

    def __init__(self, problems: Sequence[OrgProblem]) -> None:
        if not problems:
            raise ValueError("an OrgError needs at least one problem")
        self.problems = tuple(problems)
        first = self.problems[0]
        self.source, self.problem = first.source, first.problem
        self.line, self.field = first.line, first.field
        super().__init__("\n".join(map(str, self.problems)))

    @classmethod
    def single(
        cls, source: str, problem: str, line: int | None = None, field: str | None = None
    ) -> OrgError:
        """An error of one problem (the file cannot be read, or is not TOML)."""
        return cls([OrgProblem(source, problem, line, field)])


def show_value(value: object) -> str:
    """A short, TOML-flavoured rendering of a bad value for an error message."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list | tuple):
        return "a list"
    text = json.dumps(value, ensure_ascii=False) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def suggest(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean "kind"?)`` when ``word`` is close to one of ``choices``."""
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f' (did you mean "{close[0]}"?)' if close else ""


def dotted(loc: Loc) -> str:
    """``('branches', 1, 'kind')`` → ``branches[1].kind``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else str(part)
    return text


TYPE_PROBLEMS = {
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "string_type": "must be text in quotes",
    "string_too_short": "must not be empty",
    "string_pattern_mismatch": "must use only lower-case letters a-z, digits and _",
    "list_type": "must be a list",
    "tuple_type": "must be a list",
    "frozen_set_type": "must be a list",
    "model_type": "must be a table",
    "model_attributes_type": "must be a table",
    "dict_type": "must be a table",
    "date_type": "must be a date like 2026-06-15",
    "date_parsing": "must be a date like 2026-06-15",
    "date_from_datetime_parsing": "must be a date like 2026-06-15",
    "date_from_datetime_inexact": "must be a date like 2026-06-15, without a time",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
}


def explain(error: Any, known_keys: KnownKeys) -> tuple[Loc, str]:
    """The location and a plain-language problem for one pydantic error."""
    kind, loc, ctx = error["type"], tuple(error["loc"]), error.get("ctx") or {}
    got = f" (got {show_value(error.get('input'))})"
    if loc and loc[-1] == "[key]":
        problem = "must be a year like 2026" if loc[0] == "targets" else "is not a valid key"
        return loc[:-1], problem + got
    if kind == "missing":
        return loc, "is required but missing"
    if kind == "extra_forbidden":
        return loc, "unknown key" + suggest(str(loc[-1]), known_keys(loc))
    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'", ctx["expected"])
        return loc, f"must be one of {', '.join(choices)}" + got
    if kind == "too_short":
        return loc, "needs at least one entry"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal"):
        if ctx.get("ge") == 0:
            return loc, "must not be negative" + got
        if ctx.get("gt") == 0:
            return loc, "must be a positive whole number" + got
        bound = {"greater_than_equal": "at least", "greater_than": "more than"}
        limit = next(iter(ctx.values()))
        return loc, f"must be {bound.get(kind, 'at most')} {limit}" + got
    if kind == "string_too_long":
        return loc, f"must be at most {ctx['max_length']} characters" + got
    if kind == "value_error":
        return loc, str(ctx["error"])
    if kind in TYPE_PROBLEMS:
        return loc, TYPE_PROBLEMS[kind] + got
    return loc, error["msg"][:1].lower() + error["msg"][1:]


_KEY = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')"""
_KEYS = rf"{_KEY}(?:\s*\.\s*{_KEY})*"
_HEADER = re.compile(rf"^\s*(\[\[?)\s*({_KEYS})\s*\]\]?\s*(?:#.*)?$")
_ASSIGN = re.compile(rf"^\s*({_KEYS})\s*=")


def _split_keys(keys: str) -> tuple[str, ...]:
    return tuple(k.strip('"').strip("'") for k in re.findall(_KEY, keys))


class Locator:
    """Finds the line of a validation location such as ``('branches', 1, 'kind')``."""

    def __init__(self, text: str) -> None:
        self.entries: list[tuple[tuple[str, ...], int]] = []
        arrays: dict[tuple[str, ...], int] = {}
        table: tuple[str, ...] = ()
        in_string = False
        for number, line in enumerate(text.splitlines(), 1):
            starts_in_string = in_string
            in_string ^= (line.count('"""') + line.count("'''")) % 2 == 1
            if starts_in_string:
                continue
            if header := _HEADER.match(line):
                keys = _split_keys(header[2])
                if header[1] == "[[":
                    arrays[keys] = arrays.get(keys, -1) + 1
                table = self._expand(keys, arrays)
                self.entries.append((table, number))
            elif assign := _ASSIGN.match(line):
                self.entries.append(((*table, *_split_keys(assign[1])), number))

    @staticmethod
    def _expand(keys: tuple[str, ...], arrays: dict[tuple[str, ...], int]) -> tuple[str, ...]:
        path: list[str] = []
        for i, key in enumerate(keys):
            path.append(key)
            if keys[: i + 1] in arrays:
                path.append(str(arrays[keys[: i + 1]]))
        return tuple(path)

    def line(self, loc: Loc) -> int | None:
        """The exact line, else the first line below it, else the nearest enclosing one."""
        want = tuple(str(part) for part in loc)
        below = [n for path, n in self.entries if path[: len(want)] == want]
        if below:
            exact = [n for path, n in self.entries if path == want]
            return (exact or below)[0]
        enclosing = [(len(path), -n) for path, n in self.entries if want[: len(path)] == path]
        return -max(enclosing)[1] if enclosing else None


def all_problems(
    exc: ValidationError,
    text: str,
    source: str,
    known_keys: KnownKeys,
    more: Iterable[tuple[Loc, str]] = (),
) -> list[OrgProblem]:
    """Every problem in the file, in file order: pydantic's, each explained, then those of
    ``more`` (cross-checks of the entries that did validate) not at or inside one of them."""
    errors = exc.errors(include_url=False)
    places = [tuple(error["loc"]) for error in errors]
    found: list[tuple[Loc, str]] = []
    for error, place in zip(errors, places, strict=True):
        if any(len(other) > len(place) and other[: len(place)] == place for other in places):
            continue  # e.g. "branches: needs one entry" only because its entry was invalid
        if error["type"] == "org_consistency":
            found.extend(error["ctx"]["problems"])
        else:
            found.append(explain(error, known_keys))
    taken = [loc for loc, _ in found]
    found.extend((loc, p) for loc, p in more if not any(_overlap(loc, t) for t in taken))
    return located(found, text, source)


def located(found: Iterable[tuple[Loc, str]], text: str, source: str) -> list[OrgProblem]:
    """``(loc, problem)`` pairs named by file, line and field, in file order."""
    locator = Locator(text)
    issues = [OrgProblem(source, p, locator.line(loc), dotted(loc) or None) for loc, p in found]
    return sorted(issues, key=lambda issue: (issue.line is None, issue.line or 0))


def _overlap(one: Loc, other: Loc) -> bool:
    """Whether one location is the other or inside it."""
    a, b = tuple(map(str, one)), tuple(map(str, other))
    shorter = min(len(a), len(b))
    return a[:shorter] == b[:shorter]
