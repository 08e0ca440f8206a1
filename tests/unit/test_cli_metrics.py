"""``libbot metrics``: the catalogue, with the organisation's own metrics marked."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli.main import main
from bot.offline.sample import sample_org_text

STORY_HOURS = (
    '\n[[metrics]]\ncode = "story_hours"\nname_zh = "故事会"\nname_en = "Story hours"\n'
    'unit_zh = "场"\nunit_en = "sessions"\nsynonyms_zh = ["绘本故事会"]\n'
)


def test_the_default_catalogue_without_an_organisation_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LIBBOT_ORG", str(tmp_path / "none.toml"))
    assert main(["metrics"]) == 0
    out, err = capsys.readouterr()
    assert "visitors\n  name:  到馆人次 / Visitors\n  unit:  人次 / visits\n" in out
    assert "wechat_followers" in out and "stock (a level)" in out
    assert "[custom]" not in out
    assert "the default catalogue" in err


def test_custom_metrics_are_listed_and_marked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    org = tmp_path / "org.toml"
    org.write_text(sample_org_text() + STORY_HOURS, encoding="utf-8")
    monkeypatch.setenv("LIBBOT_ORG", str(org))
    assert main(["metrics"]) == 0
    out = capsys.readouterr().out
    assert "story_hours  [custom]\n  name:  故事会 / Story hours\n" in out
    assert "  words: 绘本故事会\n" in out
    assert out.index("visitors") < out.index("story_hours")


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path: Path) -> None:
    """``libbot metrics | head -1``: the reader is gone before the catalogue is written
    (the pipe is closed before the command has even started up)."""
    env = {**os.environ, "LIBBOT_ORG": str(tmp_path / "none.toml")}
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "metrics"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=tmp_path,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # as head does once it has its line
    with process.stderr:
        errors = process.stderr.read().decode()
    assert process.wait(timeout=60) == 1
    assert "Traceback" not in errors and "BrokenPipeError" not in errors
