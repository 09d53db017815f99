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
	@# The two passes run side by side (one per core; each line says which pass it is from):
	@# they share nothing but the machine, and one after the other took 25 minutes.
	$(MAKE) --no-print-directory -j2 test-sqlite test-postgres

test-sqlite: $(VENV)/.installed-test
	set -o pipefail; DATABASE_URL=sqlite://:memory: $(VENV)/bin/pytest -p no:cacheprovider \
		| sed -u 's/^/[SQLite] /'

# The browser tests (marker "browser") run once, in the SQLite pass: what Chromium shows does not
# depend on the database engine, and running them twice would double their time.
test-postgres: $(VENV)/.installed-test
	set -o pipefail; DATABASE_URL=$$(scripts/postgres) $(VENV)/bin/pytest -p no:cacheprovider \
		-m "not browser" | sed -u 's/^/[PostgreSQL] /'

# Autoreloading development server on http://127.0.0.1:8000 with DEBUG=true (tracebacks,
# no gunicorn). Needs no root: only the Python packages and GNU gettext's msgfmt.
dev: $(VENV)/.installed-run
	$(DEV_ENV) $(PY) manage.py compilemessages --ignore=$(VENV) --ignore=node_modules -v0
	$(DEV_ENV) $(PY) manage.py migrate --noinput
	$(DEV_ENV) $(PY) manage.py runserver 127.0.0.1:8000

# The tests without root, apt, Chromium, Java or PostgreSQL: SQLite, no browser tests. Without
# a redis-server on the PATH the shared-cache test (which starts one) is left out; `make test`
# runs everything.
test-fast: $(VENV)/.installed-test
	DATABASE_URL=sqlite://:memory: $(VENV)/bin/pytest -m "not browser" \
		$(if $(shell command -v redis-server),,--ignore=tests/test_shared_cache.py)

# axe-core, vnu-jar (the Nu Html Checker) and lighthouse, at the versions in package-lock.json.
node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Refreshes locale/sv/LC_MESSAGES/django.po after changing user-visible strings.
messages: $(VENV)/.installed-run
	$(CHECK_ENV) $(PY) manage.py makemessages -l sv --ignore=$(VENV) --ignore=staticfiles --ignore=node_modules --no-obsolete

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
