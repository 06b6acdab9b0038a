# Two commands set everything up on a fresh Debian machine with Python 3:
#   make run    installs what the app needs to run (requirements.lock) and serves it on http://localhost:8501
#   make test   installs that and what the tests add (requirements-dev.lock, Debian's chromium, poppler-utils and
#               nginx) and runs the whole suite
# make serve-many WORKERS=N runs one app process per core behind Debian's nginx on one port (docs/deploy.md)
# and one for quick work: make test-fast (ruff and every test but the browser and container ones; no chromium)
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
RUN_STAMP := $(VENV)/.run-installed
DEV_STAMP := $(VENV)/.dev-installed
CHROMIUM := /usr/bin/chromium
PDFTOTEXT := /usr/bin/pdftotext
NGINX := /usr/sbin/nginx
PORT ?= 8501
WORKERS ?= $(shell nproc 2>/dev/null || echo 1)

EMBED := static/embed/index.html
EXPORT_INPUTS := $(wildcard data/*.csv data/datapackage.json sos_dash/*.py sos_dash/*/*.py sos_dash/locale/*/LC_MESSAGES/*.mo \
                 sos_dash/assets/*)

.PHONY: run serve-many test test-fast venv venv-dev chromium poppler nginx data validate lint export lock docker-run

# requirements.txt names what the app needs to run, requirements-dev.txt what tests and tools add (both
# pinned); requirements.lock and requirements-dev.lock pin everything they pull in, with hashes (make lock)
venv: $(RUN_STAMP)
venv-dev: $(DEV_STAMP)

$(RUN_STAMP): requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	touch $@

# the dev lock holds only what the tests add, at the versions requirements.lock chose: install both together
$(DEV_STAMP): requirements.lock requirements-dev.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock -r requirements-dev.lock
	touch $@ $(RUN_STAMP)

# After changing requirements.txt or requirements-dev.txt: regenerate both locks with pip-tools in a
# throwaway venv. The run lock first; requirements-dev.txt starts with `-c requirements.lock`, so the dev
# lock pins every package the two share at the run lock's version (tests/test_requirements.py checks it).
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet pip-tools==7.6.2
	.venv-lock/bin/pip-compile --quiet --generate-hashes --strip-extras --no-emit-index-url --no-emit-find-links \
		--output-file requirements.lock requirements.txt
	.venv-lock/bin/pip-compile --quiet --generate-hashes --strip-extras --no-emit-index-url --no-emit-find-links \
		--output-file requirements-dev.lock requirements-dev.txt
	rm -rf .venv-lock

# Debian's Chromium for the browser tests and PNG/SVG exports (Playwright and kaleido drive /usr/bin/chromium;
# neither may fetch its own).
chromium:
	@if [ -x $(CHROMIUM) ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; \
	else echo "Please install Debian's chromium: sudo apt-get install chromium"; exit 1; fi

# Debian's poppler-utils for the tests that read the briefs back (pdftotext, pdfinfo, pdffonts: tests/test_brief.py);
# without it those tests are skipped, saying why.
poppler:
	@if [ -x $(PDFTOTEXT) ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q poppler-utils; \
	else echo "tests/test_brief.py reads the briefs with pdftotext: sudo apt-get install poppler-utils"; fi

# Debian's nginx for serve-many (in front of the workers) and its tests (tests/test_serve_many.py; skipped without it).
# The package also installs Debian's own nginx service (port 80): serve-many does not use it.
nginx:
	@if [ -x $(NGINX) ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx; \
	else echo "serve-many and tests/test_serve_many.py need Debian's nginx: sudo apt-get install nginx"; fi

# The static embeds the app serves at /app/static/embed/: rebuilt when the data or the code changed.
# PNG and SVG need kaleido (requirements-dev.lock) and Chromium; with the run dependencies alone, `make run`
# writes the HTML and CSV files and the briefs (PDF, in static/embed/briefs/; make export writes every format).
$(EMBED): $(RUN_STAMP) $(EXPORT_INPUTS)
	@if [ -x $(CHROMIUM) ] && $(PY) -c "import kaleido" 2>/dev/null; then $(PY) -m sos_dash export; \
	else echo "static embeds without PNG/SVG (they need kaleido and $(CHROMIUM): make export)"; \
		$(PY) -m sos_dash export --formats html csv pdf; fi

export: venv-dev chromium
	$(PY) -m sos_dash export

run: venv $(EMBED)
	$(PY) -m sos_dash serve --server.port=$(PORT)

# WORKERS app processes (default: one per core) on 127.0.0.1:PORT+1.. behind nginx on PORT, sticky sessions, /healthz
serve-many: venv nginx $(EMBED)
	$(PY) -m sos_dash serve-many --workers $(WORKERS) --port $(PORT)

test: venv-dev chromium poppler nginx
	$(PY) -m ruff check .
	$(PY) -m pytest -q --durations=25

# no browser, no container: what a change to the data, the charts or the texts needs checked, in minutes
test-fast: venv-dev poppler
	$(PY) -m ruff check .
	$(PY) -m pytest -q -m "not browser and not container"

data: venv
	$(PY) -m sos_dash build-data

validate: venv
	$(PY) -m sos_dash validate

lint: venv-dev
	$(PY) -m ruff check .

# The container (Dockerfile, two stages: docs/deploy.md): build it and serve the app on http://localhost:$(PORT)
# (DOCKER=podman DOCKER_BUILD_ARGS="--format docker" keeps the HEALTHCHECK under podman; docs/deploy.md)
DOCKER ?= docker
DOCKER_BUILD_ARGS ?=
docker-run:
	$(DOCKER) build $(DOCKER_BUILD_ARGS) -t sos-dash .
	$(DOCKER) run --rm -p $(PORT):8501 sos-dash
