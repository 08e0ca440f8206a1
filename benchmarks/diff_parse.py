"""Differential check: the parser gives exactly the results another copy of it gives.

Parses, with the code under ``--root`` (default: this checkout), a fixed set of messages
and writes one JSON line per (parser, message): ``to_json()`` and every issue in full
(code, metric, value, text, meant). The messages: every text of
``tests/unit/parse_corpus.jsonl`` and of the reference corpora in ``tests/references/``
(alone, after 到馆 and before a figure), then ``--generated`` messages from a seeded
generator: mixes of corpus lines, long concatenations up to 4,096 characters, digits,
Chinese numerals, dates, punctuation and noise. Each is parsed by three parsers (the
sample organisation's as the benchmark builds it, the default catalogue with the sample
branches as the corpus test does, and the default catalogue alone).

To compare a change with a starting commit:

    git archive <commit> | tar -x -C /tmp/orig
    .venv/bin/python benchmarks/diff_parse.py --root /tmp/orig --out /tmp/orig.jsonl
    .venv/bin/python benchmarks/diff_parse.py --out /tmp/new.jsonl --against /tmp/orig.jsonl

Prints one JSON document: counts, and the first differences if any.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parents[1]
CORPUS = HERE / "tests" / "unit" / "parse_corpus.jsonl"
REFERENCES = sorted((HERE / "tests" / "references").glob("*.jsonl"))
LONG_CHARS = 4096
DAYS = (dt.date(2026, 11, 20), dt.date(2013, 2, 12), dt.date(2026, 1, 3), dt.date(2024, 2, 29))

Message = tuple[str, str, dt.date]  # (id, text, today)

_NOISE = [
    "到馆", "外借", "人次", "册", "场", "活动", "参与", "办证", "其中", "含", "（", "）", "(", ")",
    "【", "】", "，", "、", "。", ";", "!", "?", ":", "：", "-", "—", "~", "至", "到", "起", "负",
    "约", "多", "余", "+", "万", "千", "百", "十", "两", "零", "〇", "廿", "几", "k", "w",
    "1,234", "1，234", "1 234", "12o4", "3.5", "0", "12", "7", "2026", "昨天", "今天", "明天",
    "11月18日", "十一月十八日", "周一", "上周五", "上上上周五", "下周一", "本周", "本月", "累计",
    "12月3日", "5日", "18号", "2号楼", "12.3", "12.3-12.5", "11/18", "5/6", "28/11",
    "2026-11-17", "2026年11月17日", "#角楼", "＃景山 ", "角楼", "【角楼】", "景山 ", "闭馆",
    "休馆", "恢复开放", "即日起", "17:00", "17:30闭馆", "13800138000", "x@www.a.cn", "@王芳",
    "http://x.cn/a", "/report ", "/report@bot ", "visitors", "loans", "closed", "dec 3",
    "Nov 18", "18th", "yesterday", "last monday", "2 days ago", "the 3rd of this month",
    "this week", "new followers", "新增关注", "到官", "外接", "半证", "ｖｉｓｉｔｏｒｓ", "１２３",
    "\u3000", "\n", "\t", " ", "  ", "字字字字", "😀", "and", "of which", "at", "th", "a1",
]  # fmt: skip


def _load_parse(root: Path) -> Any:
    """The ``bot`` package of root, and the three parsers."""
    sys.path.insert(0, str(root))
    from bot.core.metrics import MetricCatalogue
    from bot.core.parsing import ReportParser
    from bot.offline.sample import load_sample_org

    assert Path(sys.modules["bot"].__file__ or "").resolve().is_relative_to(root.resolve())
    org = load_sample_org()
    branches = {b.code: (b.name, *b.aliases) for b in org.branches}
    return {
        "sample": ReportParser(org.catalogue(), branches),
        "default+branches": ReportParser(MetricCatalogue.default(), branches),
        "default": ReportParser(MetricCatalogue.default()),
    }


def _rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def messages(generated: int, seed: int) -> Iterator[Message]:
    """Every message checked, each with an id that stays the same from run to run."""
    corpus = [(row["text"], dt.date.fromisoformat(row["today"])) for row in _rows(CORPUS)]
    for n, (text, today) in enumerate(corpus):
        yield f"corpus:{n}", text, today
    for path in REFERENCES:
        for n, row in enumerate(r for r in _rows(path) if "text" in r):
            for form, text in enumerate(
                (
                    row["text"],
                    f"到馆{row['text']}",
                    f"{row['text']} 到馆 5",
                    f"{row['text']} 5 visitors",
                )
            ):
                for today in DAYS[:2]:
                    yield f"{path.stem}:{n}:{form}:{today}", text, today
    texts = [text for text, _ in corpus]
    rng = random.Random(seed)
    for n in range(generated):
        yield f"gen:{n}", _generate(rng, texts), rng.choice(DAYS)


def _generate(rng: random.Random, texts: list[str]) -> str:
    """One message of a random kind, short or up to 4,096 characters."""
    kind = rng.randrange(6)
    if kind == 0:  # corpus lines one per line, as the benchmark's long message
        size = rng.choice((200, 800, 2000, LONG_CHARS))
        start = rng.randrange(len(texts))
        lines: list[str] = []
        while sum(map(len, lines)) + len(lines) < size:
            lines.append(texts[(start + len(lines)) % len(texts)])
        return "\n".join(lines)[:size]
    if kind == 1:  # random corpus lines, joined by random separators
        count = rng.choice((2, 3, 5, 20, 100))
        parts = [rng.choice(texts) for _ in range(count)]
        return "".join(p + rng.choice(("\n", " ", "，", "。", "", "；")) for p in parts)[
            :LONG_CHARS
        ]
    if kind == 2:  # noise pieces
        count = rng.choice((3, 10, 40, 200, 800))
        return "".join(rng.choice(_NOISE) for _ in range(count))[:LONG_CHARS]
    if kind == 3:  # corpus lines with noise spliced in
        text = rng.choice(texts)
        for _ in range(rng.randrange(1, 6)):
            at = rng.randrange(len(text) + 1)
            text = text[:at] + rng.choice(_NOISE) + text[at:]
        return text
    if kind == 4:  # characters at random from what keyboards produce
        alphabet = (
            "0123456789abcdefxyz ABC\n\t,.;:/-~#@()[]+%"
            "一二三四五六七八九十百千万亿两零〇几廿卅到馆外借人次册场其中含约多余月日号周年至起闭"
            "，。、；：（）【】＃１２３ＡＢ\u3000"
        )
        return "".join(rng.choice(alphabet) for _ in range(rng.choice((5, 30, 300, 3000))))
    # a long run of one thing: Chinese, digits, blanks, with a report somewhere
    filler = rng.choice(("字", "1", " ", "一", "a", "月", "\n", "-", "@"))
    text = filler * rng.choice((50, 500, 3500))
    at = rng.randrange(len(text) + 1)
    return (text[:at] + rng.choice(texts) + text[at:])[:LONG_CHARS]


def _issue(issue: Any) -> list[Any]:
    return [issue.code, issue.metric, issue.value, issue.text, issue.meant]


def results(root: Path, generated: int, seed: int) -> Iterator[dict[str, Any]]:
    """One record per parser and message."""
    parsers = _load_parse(root)
    for ident, text, today in messages(generated, seed):
        for name, parser in parsers.items():
            result = parser.parse(text, today)
            yield {
                "id": f"{name}|{ident}",
                "json": result.to_json(),
                "warnings": [_issue(w) for w in result.warnings],
                "error": None if result.error is None else _issue(result.error),
            }


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--root", type=Path, default=HERE, help="checkout whose bot/ is used")
    args.add_argument("--out", type=Path, required=True, help="where to write the results")
    args.add_argument("--against", type=Path, help="results of another copy to compare with")
    args.add_argument("--generated", type=int, default=6000, help="generated messages")
    args.add_argument("--seed", type=int, default=10)
    options = args.parse_args()
    lines = [
        json.dumps(r, ensure_ascii=False, sort_keys=True)
        for r in results(options.root, options.generated, options.seed)
    ]
    options.out.write_text("\n".join(lines) + "\n", "utf-8")
    report: dict[str, Any] = {"root": str(options.root), "results": len(lines)}
    if options.against is not None:
        theirs = options.against.read_text("utf-8").splitlines()
        differ = [json.loads(a)["id"] for a, b in zip(lines, theirs, strict=False) if a != b]
        report |= {"compared": min(len(lines), len(theirs)), "differences": len(differ),
                   "same_count": len(lines) == len(theirs), "first": differ[:20]}  # fmt: skip
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
