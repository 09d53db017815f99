"""The programs outside Python some tests need, and what happens when one is missing.

`make test-fast` (the everyday loop) must pass on a machine with only the Python packages and
GNU gettext: a test that needs redis-server, Chromium, Java or the npm tools is skipped there,
with a reason that says what to install. `make test` installs all of them, so there a missing
one is an error, never a skip: its targets set REQUIRE_ALL_SERVICES=true, and `requires` then
fails the test instead (tests/project/test_services.py shows both).
"""

import os
import shutil
from pathlib import Path

import pytest

# The folder with pyproject.toml, wherever under tests/ this file lies.
REPO_ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
STRICT_VARIABLE = "REQUIRE_ALL_SERVICES"

# What to install for each, as scripts/system-packages and `npm ci` install it.
INSTALL = {
    "redis-server": "Debian: apt-get install redis-server",
    "chromium": "Debian: apt-get install chromium fonts-dejavu-core",
    "java": "Debian: apt-get install default-jre-headless",
    "axe-core": "npm ci (package-lock.json)",
    "vnu-jar": "npm ci (package-lock.json)",
}
SKIP_PREFIX = "needs "


def strict() -> bool:
    return os.environ.get(STRICT_VARIABLE, "").lower() in {"1", "true", "yes"}


def missing(what: str, where: str | None = None):
    """Skip (or, under `make test`, fail) the running test: `what` is not installed."""
    found_at = f" at {where}" if where else ""
    message = (
        f"{SKIP_PREFIX}{what}, which is not installed{found_at} "
        f"(install it: {INSTALL[what]}; `make test` installs everything)"
    )
    if strict():
        pytest.fail(f"{message}; {STRICT_VARIABLE} is set, so a missing service is an error")
    pytest.skip(message)


def requires(program: str) -> str:
    """The path of a program on the PATH, or a skip naming what to install."""
    path = shutil.which(program)
    if path is None:
        missing(program)
    return path


def requires_file(what: str, path: Path) -> Path:
    """A file a package installs (Chromium's binary, an npm package), or a skip."""
    if not path.is_file():
        missing(what, str(path))
    return path
