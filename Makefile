# Two commands set everything up on a fresh Debian machine with Python 3:
#   make run    installs what the app needs and serves it on http://localhost:8501
#   make test   installs what the tests need (Debian's chromium included) and runs the whole suite
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.requirements-installed
PORT ?= 8501

EMBED := static/embed/index.html
EXPORT_INPUTS := $(wildcard data/*.csv data/datapackage.json sos_dash/*.py)

.PHONY: run test venv chromium data validate lint export lock docker-run

venv: $(STAMP)

# requirements.txt names what we use (pinned); requirements.lock pins everything with hashes (make lock)
$(STAMP): requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	touch $(STAMP)

# After changing requirements.txt: regenerate the lock with pip-tools in a throwaway venv.
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet pip-tools==7.6.2
	.venv-lock/bin/pip-compile --quiet --generate-hashes --strip-extras --no-emit-index-url --no-emit-find-links \
		--output-file requirements.lock requirements.txt
	rm -rf .venv-lock

# Debian's Chromium for the browser tests (Playwright drives /usr/bin/chromium; it must not fetch its own).
chromium:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; \
	else echo "Please install Debian's chromium: sudo apt-get install chromium"; exit 1; fi

# The static embeds the app serves at /app/static/embed/: rebuilt when the data or the code changed.
# PNG and SVG need Chromium (kaleido); without it, `make run` still writes the HTML and CSV files.
$(EMBED): $(STAMP) $(EXPORT_INPUTS)
	@if [ -x /usr/bin/chromium ]; then $(PY) -m sos_dash export; \
	else echo "no /usr/bin/chromium: static embeds without PNG/SVG (make export installs it)"; \
		$(PY) -m sos_dash export --formats html csv; fi

export: venv chromium
	$(PY) -m sos_dash export

run: venv $(EMBED)
	$(PY) -m sos_dash serve --server.port=$(PORT)

test: venv chromium
	$(PY) -m ruff check .
	$(PY) -m pytest -q

data: venv
	$(PY) -m sos_dash build-data

validate: venv
	$(PY) -m sos_dash validate

lint: venv
	$(PY) -m ruff check .

# The container (Dockerfile): build it and serve the app on http://localhost:$(PORT)
# (DOCKER=podman DOCKER_BUILD_ARGS="--format docker" keeps the HEALTHCHECK under podman; docs/deploy.md)
DOCKER ?= docker
DOCKER_BUILD_ARGS ?=
docker-run:
	$(DOCKER) build $(DOCKER_BUILD_ARGS) -t sos-dash .
	$(DOCKER) run --rm -p $(PORT):8501 sos-dash
