# HTX Plan: `make run` serves the portal with the demo data, `make test` runs
# the whole test suite. Both set up everything they need on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DEMO_PASSWORD ?= htxplan-demo
HOST ?= 127.0.0.1:8000
PYTEST_ARGS ?=
# python3-venv for the virtualenv, Pango for WeasyPrint, HarfBuzz subsetting (renders are several times slower
# without it), poppler for reading PDFs back in tests, Chromium for the browser
# tests, gettext for the translation catalogues.
SYSTEM_PACKAGES := python3-venv libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils chromium gettext

.PHONY: run test system-deps venv lint messages

run: venv
	$(PY) manage.py migrate --noinput
	DEMO_PASSWORD="$(DEMO_PASSWORD)" $(PY) manage.py seed_demo
	@echo "Mở http://$(HOST)/ – tài khoản demo (ví dụ canbo_vinhloi), mật khẩu: $(DEMO_PASSWORD)"
	@# The task worker (e-mails of issued documents) runs beside the server and stops with it.
	$(PY) manage.py db_worker --no-startup-delay & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST)

test: venv
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

messages: venv
	$(PY) manage.py makemessages -l en --no-obsolete --no-location
	$(PY) manage.py compilemessages -l en --ignore=$(VENV)

venv: system-deps $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Cài gói hệ thống:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "Thiếu gói hệ thống:$$missing (sudo apt-get install$$missing)"; \
	  fi; \
	fi
