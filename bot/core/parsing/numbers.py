"""Numbers as library staff type them: 1,234 · １２３４ · 1.2万 · 一千二百三十四 · 2万3千 · 1.2k."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

__all__ = [
    "CN_DIGITS", "CN_TENS", "CN_UNITS", "NUMBER_PATTERN", "NUMBER_STARTS", "evaluate", "fold",
    "parse_number",
]  # fmt: skip

# Full-width ASCII (！ … ～) to ASCII, one character for one so positions survive. The
# full-width comma stays: "活动3，120人参加" is two figures, never "3,120".
_WIDTH: dict[int, int | str] = {
    code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F) if code != 0xFF0C
}
_WIDTH |= {0x3000: " ", 0x00A0: " ", 0x200B: " ", 0xFEFF: " ", 0x2212: "-", 0x2014: "-"}
_WIDTH_LOWER = _WIDTH | {code: code + 32 for code in range(0x41, 0x5B)}
_WIDTH_LOWER |= {code: code - 0xFEE0 + 32 for code in range(0xFF21, 0xFF3B)}
_FOLD = {chr(code): chr(to) if isinstance(to, int) else to for code, to in _WIDTH.items()}
_FOLD_LOWER = {
    chr(code): chr(to) if isinstance(to, int) else to for code, to in _WIDTH_LOWER.items()
}
_NEEDS_FOLD = re.compile("[\uff01-\uff0b\uff0d-\uff5e\u3000\u00a0\u200b\ufeff\u2212\u2014]")
_NEEDS_FOLD_LOWER = re.compile(_NEEDS_FOLD.pattern.replace("[", "[A-Z", 1))

# Simplified, traditional (兩 貳 參 陸) and 大写 (壹 贰 叁 … 貳 參 陸) digits; ○ is typed for 〇.
_DIGITS = {
    "〇": 0, "○": 0, "零": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2,
    "三": 3, "叁": 3, "參": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}  # fmt: skip
_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG_UNITS = {"万": 10**4, "萬": 10**4, "w": 10**4, "亿": 10**8, "億": 10**8, "k": 1000}
# 廿 卅 卌 are 二十 三十 四十 in one character (廿二 is 22, 五百卅四 is 534).
_TENS = str.maketrans({"廿": "二十", "卅": "三十", "卌": "四十"})

CN_DIGITS = "".join(_DIGITS) + "几"
CN_TENS = "十拾廿卅卌"
CN_UNITS = "十拾百佰千仟万萬亿億廿卅卌"
# {1,3}+: a comma must follow the digits, so fewer of them (what backtracking would try)
# are never followed by one
_ARABIC = r"(?:\d{1,3}+(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?"
_CN_ATOM = rf"[{CN_DIGITS}](?:点[{CN_DIGITS}]+)?"
# Speech drops a leading 一: 千一 (1,100), 百二 (120), 万九 (19,000); 万一 means "in case".
_NOT_ONE = CN_DIGITS.replace("一", "")
_LEADING_UNIT = rf"[百佰千仟](?=[{CN_DIGITS}])|[万萬](?=[{_NOT_ONE}])"

# The parts after the first behind a lookahead for how they start, (?=…)(?:…)+ for (?:…)*:
# after most numbers nothing of the kind follows, and the repeat is then not set up.
_REPEATED = rf"{_ARABIC}|{_CN_ATOM}|[{CN_UNITS}]"
_REPEATED_STARTS = rf"\d{CN_DIGITS}{CN_UNITS}"  # what _REPEATED starts with: test_scan.py
NUMBER_PATTERN = (
    rf"(?:{_ARABIC}|{_CN_ATOM}|[{CN_TENS}]|{_LEADING_UNIT})"
    rf"(?:(?=[{_REPEATED_STARTS}])(?:{_REPEATED})+)?(?:[kKwW](?![a-zA-Z]))?"
)
"""One number as written: Arabic, Chinese or mixed, with 万/千/k/w multipliers (no sign)."""
NUMBER_STARTS = rf"\d{CN_DIGITS}{CN_TENS}百佰千仟万萬"
"""A character class body: every character a match of NUMBER_PATTERN can start with."""

_ATOM = re.compile(rf"{_ARABIC}|{_CN_ATOM}|[{CN_UNITS}kKwW]")
_WHOLE = re.compile(rf"\s*({NUMBER_PATTERN})\s*")


def fold(text: str, *, lower: bool = False) -> str:
    """Full-width letters, digits and punctuation to ASCII; the result has the same length."""
    if lower:
        return _NEEDS_FOLD_LOWER.sub(lambda match: _FOLD_LOWER[match.group()], text)
    return _NEEDS_FOLD.sub(lambda match: _FOLD[match.group()], text)


def _atom_value(atom: str) -> Decimal:
    if atom[0].isascii():
        return Decimal(atom.replace(",", ""))
    if "点" in atom:
        whole, fraction = atom.split("点")
        digits = "".join(str(_DIGITS[c]) for c in fraction)
        return Decimal(f"{_DIGITS[whole]}.{digits}")
    return Decimal(_DIGITS[atom])


def evaluate(token: str) -> Decimal:
    """The value of a token matched by NUMBER_PATTERN; ValueError when it is not a number.

    Colloquial forms follow speech: 一千二 is 1200, 两万三 and 1万2 are 23000 and 12000,
    千一 and 万九 are 1100 and 19000, 一百十一 is 111, 一千零十 is 1010; a run of plain
    digits such as 二〇二六 or 一〇二 reads digit by digit (as cn2an does).
    """
    if token.isascii() and token.isdigit():
        return Decimal(token)
    token = token.translate(_TENS)
    atoms = _ATOM.findall(token.lower())
    if "".join(atoms) != token.lower() or not atoms:
        raise ValueError(f"not a number: {token!r}")
    if len(atoms) > 1 and all(a in _DIGITS for a in atoms):
        return Decimal("".join(str(_DIGITS[a]) for a in atoms))
    try:
        return _evaluate_atoms(atoms)
    except (KeyError, InvalidOperation) as exc:  # 几, or a digit string Decimal refuses
        raise ValueError(f"not a number: {token!r}") from exc


def _evaluate_atoms(atoms: list[str]) -> Decimal:
    total = Decimal(0)  # the part already multiplied by 万/亿
    section = Decimal(0)  # the part below 万 being built
    pending: Decimal | None = None  # a digit waiting for its unit
    pending_single = False  # pending is one plain digit (may take an implied unit)
    last_small: int | None = None  # last 十/百/千 in this section: units must fall
    last_big: int | None = None  # last 万/亿: 万 may not follow 万 (but 一万亿 is fine)
    implied = 1  # the unit a trailing lone digit takes (一千二 → 二百)
    previous = ""  # the atom before this one
    leading = len(atoms) > 1 and atoms[1] in _DIGITS  # 千一, 万九: a unit may come first
    for index, atom in enumerate(atoms):
        if atom in _SMALL_UNITS:
            unit = _SMALL_UNITS[atom]
            if last_small is not None and unit >= last_small:
                raise ValueError("units out of order")
            if pending is None:
                # 十 stands for 一十 at the start, after 零 and after 百 (一千零十, 一百十一);
                # 百 and 千 only at the start (百二, 千一).
                bare_ten = unit == 10 and (index == 0 or previous in ("零", "〇", "○", "百", "佰"))
                if not (bare_ten or (index == 0 and leading)):
                    raise ValueError("unit without a digit")
                pending = Decimal(1)
            section += pending * unit
            pending, last_small, implied = None, unit, unit // 10
        elif atom in _BIG_UNITS:
            unit = _BIG_UNITS[atom]
            if last_big is not None and last_big <= unit < 10**8:  # 亿 may follow: 一万亿
                raise ValueError("units out of order")
            if pending is not None and pending_single:  # 百二万 is 一百二十万
                pending *= implied
            value = section + (pending if pending is not None else int(index == 0 and leading))
            if unit == 10**8:  # 亿 multiplies all before it: 一万亿
                value, total = value + total, Decimal(0)
            if not value:
                raise ValueError("unit without a digit")
            total += value * unit
            section, pending, last_small, last_big = Decimal(0), None, None, unit
            implied = unit // 10 if unit >= 10**4 else 1
        elif atom in ("零", "〇", "○"):
            if pending is not None:
                raise ValueError("zero after a digit")
            implied = 1
        else:
            if pending is not None:
                raise ValueError("two numbers in a row")
            pending = _atom_value(atom)
            pending_single = len(atom) == 1
        previous = atom
    if pending is not None:
        section += pending * implied if pending_single else pending
    return total + section


def parse_number(text: str) -> Decimal | None:
    """The number that makes up the whole of text (full-width allowed), else None."""
    match = _WHOLE.fullmatch(fold(text))
    if match is None or "几" in match.group(1):
        return None
    try:
        return evaluate(match.group(1))
    except ValueError:
        return None
