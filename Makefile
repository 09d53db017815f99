# The two commands README promises: `make serve` and `make test`; then the everyday loop of a
# developer: `make dev` and `make test-fast`. Everything else here is what those need.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
# Tests never read a developer's .env; these are the values management commands need.
CHECK_ENV := DOTENV_FILE= SECRET_KEY=checks-only ALLOWED_HOSTS=localhost HTTPS=false DATABASE_URL=sqlite://:memory:

# Development settings: Django's autoreloading server with DEBUG=true on the same SQLite file as
# `make serve`. HTTPS=false because runserver speaks plain HTTP.
DEV_ENV := DEBUG=true HTTPS=false

.PHONY: serve test test-sqlite test-postgres dev test-fast messages

serve: $(VENV)/.installed-run
	scripts/system-packages serve
	scripts/make-dotenv
	$(PY) manage.py compilemessages --ignore=$(VENV) --ignore=node_modules -v0
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput -v0
	@echo "Serving on http://127.0.0.1:8000 (Ctrl+C stops). E-mail alerts: var/mail/ (EMAIL_URL)."
	@# The alert sender runs beside gunicorn and stops with it (docs/operations.md).
	$(PY) manage.py send_alerts --every 60 & trap 'kill $$!' EXIT; \
	$(VENV)/bin/gunicorn medborgarlofte.wsgi --bind 127.0.0.1:8000 --workers 2 --access-logfile -

test: $(VENV)/.installed-test
	scripts/system-packages test
	$(MAKE) --no-print-directory node_modules/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(CHECK_ENV) $(PY) manage.py check
	$(CHECK_ENV) $(PY) manage.py makemigrations --check --dry-run
	$(CHECK_ENV) $(PY) manage.py compilemessages --ignore=$(VENV) --ignore=node_modules -v0
	@# The two passes run side by side (each line says which pass it is from), each spread over
	@# pytest-xdist workers: while both run, the five workers share the two cores; when one
	@# pass ends, the other still keeps both cores busy (docs/benchmarks.md#the-test-suite).
	$(MAKE) --no-print-directory -j2 test-sqlite test-postgres

# Every test runs in `make test`: a test skipped for a missing program
# (tests/support/services.py) is an error here, since `scripts/system-packages test` installs
# them all.
STRICT := REQUIRE_ALL_SERVICES=true
# pytest-xdist workers (two for SQLite, three for PostgreSQL, whose workers spend much of their
# time waiting for the database server's answers, docs/benchmarks.md); whole files per worker,
# and the multi-process tests together on one (groups set in tests/conftest.py), so their
# servers are started once. The groups go out in the order they
# were collected (pytest-xdist would otherwise send the largest first): a worker then runs every
# transactional group, which empties its database, after the groups that expect the content.
# Every run ends with its ten slowest tests (docs/benchmarks.md#the-test-suite).
PYTEST := $(VENV)/bin/pytest -p no:cacheprovider --dist loadgroup --no-loadscope-reorder \
	--durations=10

test-sqlite: $(VENV)/.installed-test
	set -o pipefail; $(STRICT) DATABASE_URL=sqlite://:memory: $(PYTEST) -n 2 \
		| sed -u 's/^/[SQLite] /'

# The browser tests (marker "browser") run once, in the SQLite pass: what Chromium shows does not
# depend on the database engine, and running them twice would double their time. So do the
# tests that never reach the pass's database (marker "database_free", tests/conftest.py).
test-postgres: $(VENV)/.installed-test
	set -o pipefail; $(STRICT) DATABASE_URL=$$(scripts/postgres) $(PYTEST) -n 3 \
		-m "not browser and not database_free" | sed -u 's/^/[PostgreSQL] /'

# Autoreloading development server on http://127.0.0.1:8000 with DEBUG=true (tracebacks,
# no gunicorn). Needs no root: only the Python packages and GNU gettext's msgfmt.
dev: $(VENV)/.installed-run
	$(DEV_ENV) $(PY) manage.py compilemessages --ignore=$(VENV) --ignore=node_modules -v0
	$(DEV_ENV) $(PY) manage.py migrate --noinput
	$(DEV_ENV) $(PY) manage.py runserver 127.0.0.1:8000

# The everyday loop: no root, apt, Chromium, Java or PostgreSQL; SQLite, no browser tests and
# none of the multi-process tests (gunicorn instances, alert senders), and the per-role attack
# suites (the walk, the history attacks, the huge ids, the crawl) for one role, an editor of
# one municipality (marker "every_role" on the others, tests/support/roles.py), and the fuzz
# test's first 50 requests (its other 150 carry the marker "thorough"). A test that
# needs a program the machine lacks (redis-server) is skipped with what to install;
# `make test` runs everything, every role included.
test-fast: $(VENV)/.installed-test
	DATABASE_URL=sqlite://:memory: $(PYTEST) -n 2 -m "not browser and not multiprocess and not every_role and not thorough"

# axe-core, vnu-jar (the Nu Html Checker) and lighthouse, at the versions in package-lock.json.
node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Refreshes locale/sv/LC_MESSAGES/django.po after changing user-visible strings.
messages: $(VENV)/.installed-run
	$(CHECK_ENV) $(PY) manage.py makemessages -l sv -l en -l ar --ignore=$(VENV) --ignore=staticfiles --ignore=node_modules --no-obsolete

$(VENV)/.installed-run: pyproject.toml
	@test -x $(PY) || { py=$$(scripts/find-python) && "$$py" -m venv $(VENV); }
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml
	@test -x $(PY) || { py=$$(scripts/find-python) && "$$py" -m venv $(VENV); }
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[test]"
	touch $@ $(VENV)/.installed-run
