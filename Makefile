# The two commands a new user types: `make run` and `make test`.
# Everything else here serves those two.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1:8000
# The seed plan is 2024's: the demo runs "as of" Friday 14 June 2024, 18:00 (Beijing time),
# just past the week's 17:00 deadline, so it looks alive and shows the same numbers at any hour.
# `LEDGER_NOW= make run` uses the real clock instead.
LEDGER_NOW ?= 2024-06-14T18:00

ASSETS := static/vendor/echarts/echarts.min.js

.PHONY: run test setup assets lint clean lock audit

$(PY):
	@PYTHON=$$(scripts/find-python) && echo "使用 Python: $$PYTHON" && "$$PYTHON" -m venv $(VENV)

# Dependencies come from the hashed lock file (requirements/dev.lock: the app's and the tests'),
# so every machine installs exactly the same, verified packages. `make lock` renews it.
$(STAMP): requirements/dev.lock | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements/dev.lock
	@touch $(STAMP)

setup: $(STAMP)

# ECharts comes from the npm registry at build time and is served by the app (no CDN).
$(ASSETS): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --no-audit --no-fund --silent && mkdir -p $(dir $(ASSETS)) && \
	  cp node_modules/echarts/dist/echarts.min.js $(ASSETS); \
	else echo "提示：未安装 npm，总览页的图表无法显示（数字仍然显示）。"; fi

assets: $(ASSETS)

# A developer's machine: DEBUG on (demo accounts, the development key); production leaves it off.
run test: export DEBUG := true

run: setup assets
	@mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py import_seeds seeds
	LEDGER_NOW=$(LEDGER_NOW) $(PY) manage.py demo_progress --weeks 8
	$(PY) manage.py ensure_demo_admin --address $(HOST)
	LEDGER_NOW=$(LEDGER_NOW) $(PY) manage.py serve $(HOST)

test: setup assets
	@scripts/ensure-browser
	$(PY) -m pytest

# Renew the locks after a change to pyproject.toml (needs the package index).
LOCK := $(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-find-links --no-emit-index-url --no-emit-trusted-host
lock: $(PY)
	$(PY) -m pip install --quiet pip-tools
	$(LOCK) -o requirements/base.lock pyproject.toml
	$(LOCK) --extra dev -o requirements/dev.lock pyproject.toml

# Known vulnerabilities in the locked packages (the package index's advisory data).
audit: setup
	$(PY) -m pip_audit --vulnerability-service pypi --require-hashes --disable-pip -r requirements/dev.lock

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) var .pytest_cache node_modules static/vendor
