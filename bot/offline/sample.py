"""The sample organisation, 东城区第一图书馆: the demo's, and the template for ``org.toml``."""

from __future__ import annotations

from importlib import resources

from bot.core.org import Organisation, parse_org


def sample_org_text() -> str:
    """The bundled sample organisation file."""
    return resources.files("bot.offline").joinpath("sample_org.toml").read_text(encoding="utf-8")


def load_sample_org() -> Organisation:
    """The bundled sample organisation, validated."""
    return parse_org(sample_org_text(), source="sample_org.toml")
