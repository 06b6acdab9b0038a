# The dashboard in a container: slim Debian Python, Debian packages only from apt, a non-root user, the
# static embeds built into the image, and the same two commands as on a machine (make run, make test).
#   docker build -t sos-dash .        (or: make docker-run)
#   docker run --rm -p 8501:8501 sos-dash
# The base is an argument only so that a machine without Docker Hub can build on its own copy of a
# Debian bookworm Python 3.11 (docs/deploy.md, "Building without Docker Hub"); the default is the image we ship on.
ARG BASE_IMAGE=python:3.11-slim-bookworm
FROM ${BASE_IMAGE}

# make for the two commands; chromium for PNG/SVG exports (kaleido) and the browser tests
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends make chromium \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 10001 app
USER app
WORKDIR /home/app/dashboard

# dependencies first (a layer that changes only with the lock), then the code and data
COPY --chown=app:app requirements.txt requirements.lock Makefile ./
RUN make venv
COPY --chown=app:app . .
RUN make venv && .venv/bin/python -m sos_dash validate && .venv/bin/python -m sos_dash export

EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD .venv/bin/python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"
CMD ["make", "run", "PORT=8501"]
