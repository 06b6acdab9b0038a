"""Where things are: the project root and the folders the app, the build and the tools read and write."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
STATIC_DIR = ROOT / "static"
TOPO_DIR = STATIC_DIR / "topo"
EMBED_DIR = STATIC_DIR / "embed"  # `make export` writes the static embeds here; the app serves them
