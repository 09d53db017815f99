"""What bench/load and bench/scale share: the production setup on a free loopback port
(gunicorn, DEBUG off, whitenoise, collected static files, a throwaway database) and wrk."""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
# What browsers send; every address (pages, static file, floor) is asked for the same way.
HEADERS = {"Accept-Encoding": "gzip"}

# wrk calls done() once per run: print the figures as one JSON line the script can read.
SUMMARY_LUA = """
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %f, "p50_us": %d, "p99_us": %d, "socket_errors": %d, '
    .. '"error_statuses": %d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(99),
    errors.connect + errors.read + errors.write + errors.timeout, errors.status))
end
"""


def ensure_wrk():
    if shutil.which("wrk"):
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        sys.exit("wrk is missing. Install it (Debian: sudo apt-get install wrk) and run again.")
    print("Installing wrk with apt-get …", flush=True)
    apt_env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=apt_env)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "wrk"],
        check=True,
        env=apt_env,
        stdout=subprocess.DEVNULL,
    )


def production_environment(
    workdir: Path, cache_url: str, database_url: str = "", allowed_hosts: str = "127.0.0.1"
) -> dict:
    if not (VENV_BIN / "gunicorn").exists():
        subprocess.run(["make", "-s", "-C", str(ROOT), ".venv/.installed-run"], check=True)
    return {
        **os.environ,
        "DEBUG": "false",
        "HTTPS": "false",
        "ALLOWED_HOSTS": allowed_hosts,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "BENCHMARK_FLOOR": "true",
        "DOTENV_FILE": "",
        "DATABASE_URL": database_url or f"sqlite:///{workdir / 'bench.sqlite3'}",
        "STATIC_ROOT": str(workdir / "static"),
        "CACHE_URL": cache_url,
        "LOG_LEVEL": "WARNING",
    }


def prepare_site(env):
    manage = [str(VENV_BIN / "python"), str(ROOT / "manage.py")]
    for command in (
        ["compilemessages", "--ignore=.venv", "-v0"],
        ["migrate", "--noinput", "-v0"],
        ["collectstatic", "--noinput", "-v0"],
    ):
        subprocess.run([*manage, *command], check=True, env=env, cwd=ROOT)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(env, port, workers):
    command = [
        str(VENV_BIN / "gunicorn"),
        "medborgarlofte.wsgi",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        "--worker-class=sync",
        "--log-level=warning",
    ]
    # Its own process group, so stopping it also stops every worker.
    return subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True)


def wait_until_up(base, server):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn stopped at start-up (exit code {server.returncode}).")
        try:
            with urllib.request.urlopen(base + "/halsa/", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    sys.exit("gunicorn did not answer /halsa/ within 30 s.")


def stop(server):
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def css_address(env) -> str:
    manifest = json.loads((Path(env["STATIC_ROOT"]) / "staticfiles.json").read_text())
    return "/static/" + manifest["paths"]["css/site.css"]


def wrk(base, path, seconds, connections, workdir, script="", headers=None, timeout=None):
    script_file = Path(workdir) / "script.lua"
    script_file.write_text(script + SUMMARY_LUA)
    command = ["wrk", "--threads=2", f"--connections={connections}", f"--duration={seconds}s"]
    if timeout:
        # wrk gives up on a request after 2 s by default and does not count it.
        command.append(f"--timeout={timeout}s")
    for name, value in {**HEADERS, **(headers or {})}.items():
        command += ["--header", f"{name}: {value}"]
    command += ["--latency", f"--script={script_file}", base + path]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    summary = json.loads(output.strip().splitlines()[-1])
    summary["rps"] = summary["requests"] / summary["seconds"]
    return summary


def warm(base, path, workdir):
    # Every worker has its own connection (and, with locmem, its own cache): a short burst
    # from several connections reaches them all.
    wrk(base, path, 2, 16, workdir)


def median(values):
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
