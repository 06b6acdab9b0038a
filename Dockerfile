# The dashboard in a container, built in two stages from one slim Debian Python base:
#   build  Debian's chromium, make and the full dependencies (run + dev locks): validates the data and
#          writes the static embeds (HTML, CSV, and PNG/SVG through kaleido and chromium)
#   final  only what serving needs: the run lock's packages (hashes checked), the code, the data, the
#          static files and the embeds from the build stage; a non-root user; no chromium, make,
#          Playwright, kaleido, pytest or ruff
#   docker build -t sos-dash .        (or: make docker-run)
#   docker run --rm -p 8501:8501 sos-dash
# The base is an argument only so that a machine without Docker Hub can build on its own copy of a
# Debian bookworm Python 3.11 (docs/deploy.md, "Building without Docker Hub"); the default is the image we ship on.
ARG BASE_IMAGE=python:3.11-slim-bookworm

# ---------------------------------------------------------------- build: exports need Chromium
FROM ${BASE_IMAGE} AS build

# make for the same commands as on a machine; chromium for PNG/SVG exports (kaleido drives /usr/bin/chromium)
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends make chromium \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 10001 app
USER app
WORKDIR /home/app/dashboard

# dependencies first (a layer that changes only with the locks), then the code and data
COPY --chown=app:app requirements.txt requirements.lock requirements-dev.txt requirements-dev.lock Makefile ./
RUN make venv-dev
COPY --chown=app:app . .
RUN make venv-dev validate export

# ---------------------------------------------------------------- final: what serving needs
FROM ${BASE_IMAGE}

RUN useradd --create-home --uid 10001 app
USER app
WORKDIR /home/app/dashboard

# the run lock alone, with hashes, as `make run` installs it; no pip cache left in the image
COPY --chown=app:app requirements.lock ./
RUN python3 -m venv .venv \
    && .venv/bin/python -m pip install --quiet --no-cache-dir --require-hashes -r requirements.lock

COPY --chown=app:app app.py ./
COPY --chown=app:app .streamlit .streamlit
COPY --chown=app:app pages pages
COPY --chown=app:app sos_dash sos_dash
COPY --chown=app:app data data
COPY --chown=app:app static static
COPY --from=build --chown=app:app /home/app/dashboard/static/embed static/embed

EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD .venv/bin/python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"
# what `make run` starts, without make: the embeds are built, the packages installed
CMD [".venv/bin/python", "-m", "sos_dash", "serve", "--server.port=8501"]
