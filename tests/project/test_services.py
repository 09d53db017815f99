"""A test that needs a program the machine lacks is skipped in the everyday loop, with what to
install, and is an error in `make test` (REQUIRE_ALL_SERVICES=true), where every program is
installed and a skip would hide a test that never ran.

Each check runs a real test of the suite (one that starts its own redis-server) in a new pytest
with a PATH that holds no redis-server.
"""

import os
import shutil
import subprocess
import sys

import pytest

from ..support.services import REPO_ROOT, STRICT_VARIABLE

# A path that stays within the line length wherever the file moves under tests/.
REDIS_TEST = "::".join(
    [
        "tests/caching/test_shared_cache.py",
        "test_a_change_marked_in_one_instance_is_seen_by_the_other",
    ]
)


def run_without_redis(tmp_path, strict):
    # Only what the run needs from the PATH: msgfmt, should the catalogue need compiling.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    if msgfmt := shutil.which("msgfmt"):
        (bin_dir / "msgfmt").symlink_to(msgfmt)
    environment = {**os.environ, "PATH": str(bin_dir), "DATABASE_URL": "sqlite://:memory:"}
    environment.pop(STRICT_VARIABLE, None)
    environment.pop("PYTEST_XDIST_WORKER", None)
    if strict:
        environment[STRICT_VARIABLE] = "true"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-rs", REDIS_TEST],
        cwd=REPO_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_a_missing_redis_server_is_a_skip_that_names_it(tmp_path):
    result = run_without_redis(tmp_path, strict=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 skipped" in result.stdout
    assert "needs redis-server" in result.stdout
    assert "apt-get install redis-server" in result.stdout


def test_a_missing_redis_server_is_an_error_when_every_service_is_required(tmp_path):
    result = run_without_redis(tmp_path, strict=True)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "skipped" not in result.stdout
    assert "needs redis-server" in result.stdout
    assert f"{STRICT_VARIABLE} is set" in result.stdout


@pytest.mark.parametrize("value", ["true", "1"])
def test_the_strict_switch_reads_the_usual_spellings(monkeypatch, value):
    from ..support import services

    monkeypatch.setenv(STRICT_VARIABLE, value)
    assert services.strict()
    monkeypatch.setenv(STRICT_VARIABLE, "")
    assert not services.strict()
