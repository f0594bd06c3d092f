# The two commands of the README: `make run` and `make test`.
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install lint format messages translations check-deploy clean faults bench \
	code-door-timing \
	screenshots pdf-libs

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || "$$(scripts/find-python.sh)" -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==0.13.8
	$(BIN)/uv pip install --quiet --python $(BIN)/python -r pyproject.toml --extra dev
	@touch $(STAMP)

# WeasyPrint (the PDF reports) needs Pango and HarfBuzz from Debian's packages.
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
pdf-libs:
	@ldconfig -p | grep -q 'libpangoft2-1.0.so.0' || { \
	  echo "--- installing WeasyPrint's libraries from Debian's packages"; \
	  export DEBIAN_FRONTEND=noninteractive; apt-get update -qq >/dev/null && \
	  apt-get install -y -qq $(PDF_PACKAGES) >/dev/null; }

install: $(STAMP) pdf-libs

messages: install
	@if [ -d locale ]; then DEBUG=1 $(BIN)/python manage.py compilemessages --ignore=.venv -v 0; fi

# Collect the interface's strings into locale/en/LC_MESSAGES/django.po (the
# same folders tests/test_i18n.py scans); translate the new entries there.
translations: install
	DEBUG=1 $(BIN)/python manage.py makemessages -l en --no-obsolete \
	  --ignore=.venv --ignore=tests --ignore=scripts --ignore=staticfiles --ignore=media
	@$(MAKE) --no-print-directory messages

run: install messages
	DEBUG=1 $(BIN)/python manage.py migrate --no-input -v 0
	DEBUG=1 SITE_URL=http://$(HOST):$(PORT) $(BIN)/python manage.py demo
	@echo ""
	@echo "  Sterk Huis richtlijnenportaal: http://$(HOST):$(PORT)/"
	@echo "  Log in with one of these accounts, password: sterkhuis-demo"
	@echo "    medewerker@sterkhuis.test      employee"
	@echo "    leidinggevende@sterkhuis.test  manager of Pleegzorg"
	@echo "    beleid@sterkhuis.test          policy editor (admin)"
	@echo "    pr@sterkhuis.test              PR en communicatie (admin)"
	@echo "    privacy@sterkhuis.test         privacy officer (datalekregister)"
	@echo "    kwaliteit@sterkhuis.test       quality officer: approves concepts (admin)"
	@echo "    beheer@sterkhuis.test          superuser"
	@echo "  beleid@, pr@, kwaliteit@ and beheer@ also need a code from an authenticator app"
	@echo "  set up with the key JBSWY3DPEHPK3PXP (e.g. oathtool --totp -b JBSWY3DPEHPK3PXP)"
	@echo "  pleegouder@sterkhuis.test is a partner in zorg without a password: log in at"
	@echo "  /accounts/login/code/; the code's e-mail is printed in this terminal"
	@echo ""
	DEBUG=1 SITE_URL=http://$(HOST):$(PORT) $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install messages
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check-deploy: install
	DEBUG=0 SECRET_KEY=check-deploy-$$(date +%s)-not-a-real-key-0123456789abcdefghijklmnop \
	  ALLOWED_HOSTS=portaal.sterkhuis.nl SITE_URL=https://portaal.sterkhuis.nl \
	  $(BIN)/python manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) staticfiles .pytest_cache

faults: install
	$(BIN)/python scripts/fault_test.py

# Asking a login code for a partner's address and for an unknown one: the
# same time? Writes its section of docs/performance.md (SQLite, or DATABASE_URL).
code-door-timing: install
	$(BIN)/python scripts/code_door_timing.py

bench: install
	@command -v wrk >/dev/null || apt-get install -y -qq wrk
	$(BIN)/python scripts/bench $(BENCH_ARGS)

# Needs Debian's Chromium (apt-get install chromium); never touches db.sqlite3.
screenshots: install messages
	$(BIN)/python scripts/screenshots.py
