"""Real servers for tests that must see several processes: redis-server and gunicorn.

`site_servers` starts what README's `make serve` starts, twice: two gunicorn instances with
two workers each, on one fresh database (a temporary SQLite file, or a new PostgreSQL database
beside the one DATABASE_URL names), with the environment scripts/make-dotenv writes and no
CACHE_URL (the default) unless a test asks for a shared Redis. Tests talk to them over real
HTTP with `Browser`.

Import the fixtures a test module uses from here (`from .servers import site_servers`), with
`site_template` and `redis_url`, which it asks for.
"""

import contextlib
import gzip
import http.client
import os
import secrets
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

from .services import requires

# The folder with pyproject.toml, wherever under tests/ this file lies.
REPO_ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
VENV_BIN = Path(sys.executable).parent
WORKERS_PER_INSTANCE = 2
ADMIN_USER = "redaktor@example.se"
ADMIN_PASSWORD = secrets.token_urlsafe(16)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port, process, what, seconds=10):
    deadline = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail(f"{what} did not start on port {port}")
            time.sleep(0.05)


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    server = requires("redis-server")
    port = free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=tmp_path_factory.mktemp("redis"),
        stdout=subprocess.DEVNULL,
    )
    wait_for_port(port, process, "redis-server")
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(timeout=10)


# Fresh databases ------------------------------------------------------------------------------


@dataclass
class SiteDatabase:
    url: str
    vendor: str

    def count(self, table: str, column: str, value: str) -> int:
        """Rows whose column holds value, read straight from the database the servers use."""
        sql = f"SELECT COUNT(*) FROM {table} WHERE {column} = "  # noqa: S608 - our own names
        if self.vendor == "sqlite":
            with contextlib.closing(sqlite3.connect(urlsplit(self.url).path)) as connection:
                return connection.execute(sql + "?", [value]).fetchone()[0]
        import psycopg

        with psycopg.connect(self.url) as connection:
            return connection.execute(sql + "%s", [value]).fetchone()[0]

    def replace(self, table: str, column: str, old: str, new: str) -> int:
        """Change rows straight in the database, behind the site's back: no signal runs and no
        content stamp moves, so a page showing `new` was rendered after this, and a page still
        showing `old` is a copy stored before it."""
        sql = f"UPDATE {table} SET {column} = {{0}} WHERE {column} = {{0}}"  # noqa: S608
        if self.vendor == "sqlite":
            with contextlib.closing(sqlite3.connect(urlsplit(self.url).path)) as connection:
                changed = connection.execute(sql.format("?"), [new, old]).rowcount
                connection.commit()
                return changed
        import psycopg

        with psycopg.connect(self.url) as connection:
            return connection.execute(sql.format("%s"), [new, old]).rowcount


def _postgres_name(suffix: str) -> str:
    """A database name beside the one DATABASE_URL names, unique to this run and worker."""
    server = urlsplit(os.environ["DATABASE_URL"])
    return f"{server.path.lstrip('/')}_{suffix}_{secrets.token_hex(4)}"


def _postgres_admin(statement, name, template=None):
    import psycopg
    from psycopg import sql

    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as admin:
        query = sql.SQL(statement).format(sql.Identifier(name))
        if template:
            query = sql.SQL("{} TEMPLATE {}").format(query, sql.Identifier(template))
        admin.execute(query)


def _postgres_url(name: str) -> str:
    return urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{name}").geturl()


@contextlib.contextmanager
def fresh_database(directory: Path, template: SiteDatabase | None = None):
    """A new database of the kind the test run uses (DATABASE_URL): empty, or a copy of
    `template` (see `site_template`)."""
    from django.conf import settings

    configured = settings.DATABASES["default"]
    if "sqlite" in configured["ENGINE"]:
        path = directory / "site.sqlite3"
        if template is not None:
            shutil.copyfile(urlsplit(template.url).path, path)
        yield SiteDatabase(f"sqlite:///{path}", "sqlite")
        return
    # The server and role DATABASE_URL names; the database itself is a new one, dropped after.
    name = _postgres_name("servers")
    source = urlsplit(template.url).path.lstrip("/") if template else None
    _postgres_admin("CREATE DATABASE {}", name, source)
    try:
        yield SiteDatabase(_postgres_url(name), "postgresql")
    finally:
        _postgres_admin("DROP DATABASE {} WITH (FORCE)", name)


@pytest.fixture(scope="session")
def site_template(tmp_path_factory):
    """A database migrated as `make serve` migrates it, with the site administrator: made once
    per test run (per xdist worker), copied for each site instead of migrating again (a
    migration run in a new process costs seconds of CPU)."""
    workdir = tmp_path_factory.mktemp("template")
    with fresh_database(workdir) as database:
        environment = serve_environment(database.url, workdir, None)
        manage(environment, "migrate", "--noinput", "-v0")
        manage(
            environment,
            "createsuperuser",
            "--noinput",
            "--username",
            ADMIN_USER,
            "--email",
            ADMIN_USER,
            extra_env={"DJANGO_SUPERUSER_PASSWORD": ADMIN_PASSWORD},
        )
        yield database


@contextlib.contextmanager
def migrated_database(directory: Path, template: SiteDatabase):
    """A new database with the site's content and administrator (a copy of the template)."""
    with fresh_database(directory, template) as database:
        yield database


# Gunicorn ------------------------------------------------------------------------------------


def serve_environment(database_url: str, workdir: Path, cache_url: str | None) -> dict:
    """What scripts/make-dotenv writes for `make serve`, with this test's database."""
    from django.conf import settings

    environment = {
        name: value
        for name, value in os.environ.items()
        # pytest-env's test-only values (pyproject) must not reach the servers.
        if name not in {"CACHE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}
    }
    environment.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        SITE_URL="http://127.0.0.1:8000",
        HTTPS="false",
        # Instead of .env: the values above are the ones it would hold.
        DOTENV_FILE="",
        # `make serve` collects static files; the test session has already (conftest).
        STATIC_ROOT=str(settings.STATIC_ROOT),
        MEDIA_ROOT=str(workdir / "media"),
        LOG_LEVEL="WARNING",
    )
    if cache_url:
        environment["CACHE_URL"] = cache_url
    return environment


def manage(environment, *arguments, extra_env=None):
    subprocess.run(
        [str(VENV_BIN / "python"), "manage.py", *arguments],
        cwd=REPO_ROOT,
        env={**environment, **(extra_env or {})},
        check=True,
        stdout=subprocess.DEVNULL,
    )


@dataclass
class Instance:
    port: int
    process: subprocess.Popen
    workers: int = WORKERS_PER_INSTANCE

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def start_instance(environment, workdir: Path) -> Instance:
    port = free_port()
    log = (workdir / f"gunicorn-{port}.log").open("wb")
    process = subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            "medborgarlofte.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS_PER_INSTANCE),
        ],
        cwd=REPO_ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
        # Its own process group, so stopping it stops its workers too.
        start_new_session=True,
    )
    return Instance(port, process)


def wait_until_answering(instance: Instance, seconds=30):
    deadline = time.monotonic() + seconds
    while True:
        if instance.process.poll() is not None:
            pytest.fail(f"gunicorn on port {instance.port} stopped at start-up")
        try:
            if Browser(instance).get("/halsa/").status == 200:
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"gunicorn on port {instance.port} did not answer within {seconds} s")
        time.sleep(0.1)


def stop_instance(instance: Instance):
    if instance.process.poll() is None:
        os.killpg(instance.process.pid, 15)
        try:
            instance.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(instance.process.pid, 9)
            instance.process.wait()


@dataclass
class Site:
    instances: list
    database: SiteDatabase
    cache: str

    @property
    def first(self) -> Instance:
        return self.instances[0]


@pytest.fixture(scope="session", params=["default cache", "shared Redis"])
def site_servers(request, tmp_path_factory, site_template):
    """Two gunicorn instances of two workers each on one fresh database, as `make serve`.

    Parametrised: each process with its own cache (no CACHE_URL, the default), and both
    instances sharing one Redis through CACHE_URL. Started once per test run (per xdist worker:
    conftest keeps the modules that use them on one worker) and shared by those modules: what
    their tests change (content, report and subscription limits) is kept apart by names and by
    each form's own limits.
    """
    cache_url = request.getfixturevalue("redis_url") if request.param == "shared Redis" else None
    workdir = tmp_path_factory.mktemp("site")
    with migrated_database(workdir, site_template) as database:
        environment = serve_environment(database.url, workdir, cache_url)
        instances = [start_instance(environment, workdir) for _ in range(2)]
        try:
            for instance in instances:
                wait_until_answering(instance)
            yield Site(instances, database, request.param)
        finally:
            for instance in instances:
                stop_instance(instance)


# HTTP ----------------------------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode()

    def header(self, name) -> str:
        return self.headers.get(name, "")


@dataclass
class Browser:
    """A person's browser, one new connection per request: keeps cookies, follows nothing."""

    instance: Instance
    cookies: dict = field(default_factory=dict)

    def request(self, method, path, data=None, headers=None) -> Answer:
        headers = {"Host": f"127.0.0.1:{self.instance.port}", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.instance.base
        connection = http.client.HTTPConnection("127.0.0.1", self.instance.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            answer = Answer(response.status, response.headers, response.read())
        finally:
            connection.close()
        for value in answer.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(value).items():
                self.cookies[name] = morsel.value
        if answer.header("Content-Encoding") == "gzip":
            answer.body = gzip.decompress(answer.body)
        return answer

    def get(self, path, headers=None) -> Answer:
        return self.request("GET", path, headers=headers)

    def post(self, path, data, headers=None) -> Answer:
        return self.request("POST", path, data=data, headers=headers)


@contextlib.contextmanager
def busy_worker(instance: Instance):
    """Keep one gunicorn worker busy: it has accepted a request whose headers never end.

    A sync worker serves one connection at a time, so while this is open every other request
    goes to another worker. On leaving, the request is completed (an anonymous GET of the
    health check) and the worker is free again.
    """
    connection = socket.create_connection(("127.0.0.1", instance.port), timeout=30)
    try:
        connection.sendall(f"GET /halsa/ HTTP/1.1\r\nHost: 127.0.0.1:{instance.port}\r\n".encode())
        # Give a free worker the moment it needs to accept this connection before the next.
        time.sleep(0.2)
        yield
        connection.sendall(b"Connection: close\r\n\r\n")
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
        assert answer.startswith(b"HTTP/1.1 200"), answer[:200]
    finally:
        connection.close()


def each_worker(instance: Instance):
    """Yield once per worker, with that worker the only free one of its instance.

    The others are kept busy (busy_worker), so what the caller sends in between is answered by
    one worker, and by a different one each time: no worker can be skipped by chance. The
    busy connections form a queue; freeing the oldest frees the worker it holds.
    """
    with contextlib.ExitStack() as stack:
        held = []
        for _ in range(instance.workers - 1):
            hold = contextlib.ExitStack()
            hold.enter_context(busy_worker(instance))
            held.append(hold)
            stack.callback(hold.close)
        for turn in range(instance.workers):
            yield turn
            if turn + 1 < instance.workers:
                hold = contextlib.ExitStack()
                # Lands on the worker that just answered, the only free one.
                hold.enter_context(busy_worker(instance))
                held.append(hold)
                stack.callback(hold.close)
                held.pop(0).close()


def every_worker(site: Site):
    """Yield (instance, turn) for every worker of every instance, as `each_worker` does."""
    for instance in site.instances:
        for turn in each_worker(instance):
            yield instance, turn
