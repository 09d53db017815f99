# The two commands README promises: `make serve` and `make test`. Everything else here
# is what those two need.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
# Tests never read a developer's .env; these are the values management commands need.
CHECK_ENV := DOTENV_FILE= SECRET_KEY=checks-only ALLOWED_HOSTS=localhost HTTPS=false DATABASE_URL=sqlite://:memory:

.PHONY: serve test lint messages

serve: $(VENV)/.installed-run
	scripts/system-packages serve
	scripts/make-dotenv
	$(PY) manage.py compilemessages --ignore=$(VENV) --ignore=node_modules -v0
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput -v0
	@echo "Serving on http://127.0.0.1:8000 (Ctrl+C stops)."
	$(VENV)/bin/gunicorn medborgarlofte.wsgi --bind 127.0.0.1:8000 --workers 2 --access-logfile -

test: $(VENV)/.installed-test
	scripts/system-packages test
	$(MAKE) --no-print-directory node_modules/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(CHECK_ENV) $(PY) manage.py check
	$(CHECK_ENV) $(PY) manage.py makemigrations --check --dry-run
	$(CHECK_ENV) $(PY) manage.py compilemessages --ignore=$(VENV) --ignore=node_modules -v0
	@echo "== Tests on SQLite"
	DATABASE_URL=sqlite://:memory: $(VENV)/bin/pytest
	@# The browser tests (marker "browser") run once, in the SQLite pass: what Chromium shows
	@# does not depend on the database engine, and running them twice would double their time.
	@echo "== Tests on PostgreSQL (without the browser tests)"
	DATABASE_URL=$$(scripts/postgres) $(VENV)/bin/pytest -m "not browser"

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
