"""The README tells the truth: its commands are CI's, every setting is documented."""

from __future__ import annotations

import re
from pathlib import Path

from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text("utf-8")


def readme_commands() -> list[str]:
    first_block = re.search(r"```(?:sh|bash)?\n(.*?)```", README, re.S)
    assert first_block, "the README opens with a code block of commands"
    return [line for line in first_block.group(1).splitlines() if line and not line.startswith("#")]


def test_readme_opens_with_the_demo_and_test_commands() -> None:
    commands = readme_commands()
    assert len(commands) == 2
    assert commands[0].endswith("libbot demo")
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command_then_lint_and_types() -> None:
    lines = (ROOT / ".ci/run").read_text("utf-8").strip().splitlines()
    steps = [line for line in lines if not line.startswith(("#", "set ", "cd "))]
    assert steps == [
        readme_commands()[1],
        ".venv/bin/ruff check .",
        ".venv/bin/ruff format --check .",
        ".venv/bin/mypy",
    ]
    for step in steps[1:]:
        assert step.removeprefix(".venv/bin/") in README, f"README does not mention {step}"


def test_every_setting_is_documented() -> None:
    for name in Settings.model_fields:
        assert f"LIBBOT_{name.upper()}" in README, f"LIBBOT_{name.upper()} is not in the README"


def test_dockerfile_installs_what_the_readme_installs() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text("utf-8")
    assert "requirements.lock" in readme_commands()[0]
    assert "pip install --no-cache-dir -r requirements.lock" in dockerfile
    for folder in ("bot", "handlers", "storage", "locales"):
        assert f"COPY {folder} ./{folder}" in dockerfile


def test_every_layer_folder_is_in_the_readme_tree() -> None:
    tree = README.split("## How it is built", 1)[1].split("```", 2)[1]
    folders = [p for p in sorted((ROOT / "bot").iterdir()) if (p / "__init__.py").exists()]
    for folder in [*folders, ROOT / "handlers", ROOT / "storage", ROOT / "storage/sqlite"]:
        name = f"{folder.relative_to(ROOT)}/"
        assert any(line.startswith(name) for line in tree.splitlines()), f"{name} is not listed"


def docker_runs() -> list[str]:
    """Every ``docker run`` the README shows, continuation lines joined."""
    text = README.replace("\\\n", " ")
    return [" ".join(m.split()) for m in re.findall(r"docker run[^`\n]*", text)]


def test_a_host_folder_mounted_at_data_is_written_as_its_owner() -> None:
    """The image runs as uid 10001, who cannot write a folder of the host's user: every run
    that mounts one passes --user, and ``libbot check`` is shown run in the container."""
    dockerfile = (ROOT / "Dockerfile").read_text("utf-8")
    assert "USER libbot" in dockerfile
    assert "LIBBOT_DB=/data/" in dockerfile and "LIBBOT_ORG=/data/" in dockerfile
    # the host's user has no home in the image: matplotlib's font list goes where anyone writes
    assert "MPLCONFIGDIR=/tmp/" in dockerfile
    host_folder = [run for run in docker_runs() if '-v "$PWD/data:/data"' in run]
    assert len(host_folder) >= 2, docker_runs()
    for run in host_folder:
        assert '--user "$(id -u):$(id -g)"' in run, run
    assert any(run.endswith(" libbot libbot check") for run in host_folder)
    assert not [run for run in docker_runs() if "$PWD/data" in run and run not in host_folder]
