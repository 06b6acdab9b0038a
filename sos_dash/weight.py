"""How much a static export weighs as a static host serves it: the page and every file it loads, each gzip-compressed.

`weigh(path)` for an exported page (static/embed/map.en.html): its own bytes and those of the scripts it loads (the
shared plotly.js, the map's shapes), raw and gzip-compressed at level 9 (what `gzip -9` gives, and the .gz files the
export writes beside its shared scripts for a host that serves precompressed files). A reader's browser fetches all
of them the first time; later pages of the export take the scripts from its cache. Used by the benchmark
(`measure_exports`), and by whatever says "this embed weighs N KB". Pure: reads the files, writes nothing; a file's
compressed size is kept while its size and modification time stay the same.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

GZIP_LEVEL = 9
# what an exported page loads: <script src="...">; the exports load nothing else (no stylesheets, images or fonts)
SCRIPT_SRC = re.compile(r"""<script\b[^>]*?\bsrc\s*=\s*["']([^"']+)["']""", re.I)
OTHER_HOST = re.compile(r"^([a-z][a-z0-9+.-]*:|//)", re.I)


@dataclass(frozen=True)
class File:
    name: str  # as the page names it, relative to its folder
    raw_bytes: int
    gzip_bytes: int


@dataclass(frozen=True)
class Weight:
    page: str
    files: tuple[File, ...]  # the page first, then what it loads, in its order

    @property
    def raw_bytes(self) -> int:
        return sum(f.raw_bytes for f in self.files)

    @property
    def gzip_bytes(self) -> int:
        return sum(f.gzip_bytes for f in self.files)


def gzip_bytes(data: bytes) -> bytes:
    """data gzip-compressed at GZIP_LEVEL, with no name and no date in the header: the same bytes every time."""
    return gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)


def gzip_size(data: bytes) -> int:
    return len(gzip_bytes(data))


def loaded(page_html: str) -> list[str]:
    """The files a page loads, as it names them (each once, in order). A page that loads from another host, or
    from an absolute path, cannot be weighed from its folder: ValueError."""
    names = list(dict.fromkeys(SCRIPT_SRC.findall(page_html)))
    elsewhere = [n for n in names if OTHER_HOST.match(n) or n.startswith("/")]
    if elsewhere:
        raise ValueError(f"loads from elsewhere: {', '.join(elsewhere)}")
    return names


@lru_cache(maxsize=256)
def _file(path: Path, size: int, mtime_ns: int) -> tuple[int, int]:
    data = path.read_bytes()
    return len(data), gzip_size(data)


def weigh_file(path: Path, name: str | None = None) -> File:
    st = path.stat()
    raw, gz = _file(path.resolve(), st.st_size, st.st_mtime_ns)
    return File(name or path.name, raw, gz)


def weigh(page: Path) -> Weight:
    """The page and every file it loads (from its folder), raw and gzip-compressed."""
    names = loaded(page.read_text(encoding="utf-8"))
    return Weight(page.name, (weigh_file(page), *(weigh_file(page.parent / n, n) for n in names)))
