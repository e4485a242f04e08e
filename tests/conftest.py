"""Shared fixtures: where the team's shared data lives, and skipping politely without it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parents[1]
#: ``../shared`` beside the repository (a user's fresh clone has none); NETMATCH_SHARED overrides.
SHARED = Path(os.environ.get("NETMATCH_SHARED", ROOT.parent / "shared"))

settings.register_profile("ci", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci")


def shared_path(*parts: str) -> Path:
    """A file under ``../shared``; skips the calling test, saying why, when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: the team's shared data sits beside the repository, not in it")
    return path
