"""weight.py: an exported page and the files it loads, raw and gzip-compressed."""

from __future__ import annotations

import gzip
import os

import pytest

from sos_dash import weight


def test_loaded_lists_each_script_once_in_order():
    page = ('<script src="plotly-sos.min.js"></script>\n<script  type="text/javascript" src=\'world_110m.js\'>'
            '</script><script>var x = "<script src=no.js>";</script><SCRIPT SRC="plotly-sos.min.js"></SCRIPT>')
    assert weight.loaded(page) == ["plotly-sos.min.js", "world_110m.js"]
    assert weight.loaded('<script type="application/json" id="spec">{"src": "x"}</script>') == []


@pytest.mark.parametrize("src", ["https://cdn.plot.ly/plotly-4.1.1.min.js", "//cdn.example/p.js", "/abs/p.js",
                                 "data:text/javascript,1"])
def test_a_page_that_loads_from_elsewhere_cannot_be_weighed(src):
    with pytest.raises(ValueError, match="elsewhere"):
        weight.loaded(f'<script src="{src}"></script>')


def test_gzip_size_is_the_size_of_the_compressed_bytes_and_the_same_every_time():
    data = b"plotly " * 5000
    assert weight.gzip_size(data) == len(gzip.compress(data, compresslevel=9, mtime=0))
    assert weight.gzip_size(data) == weight.gzip_size(data) < len(data) // 50
    assert gzip.decompress(gzip.compress(data, compresslevel=weight.GZIP_LEVEL, mtime=0)) == data


def test_weigh_counts_the_page_and_what_it_loads(tmp_path):
    js = os.urandom(3000)  # does not compress: gzip adds its header
    (tmp_path / "lib.js").write_bytes(js)
    (tmp_path / "shapes.js").write_text("var s = 1;" * 400, encoding="utf-8")
    (tmp_path / "unused.js").write_text("never loaded", encoding="utf-8")
    page = '<!doctype html><script src="lib.js"></script><script src="shapes.js"></script><p>' + "text " * 200
    (tmp_path / "chart.en.html").write_text(page, encoding="utf-8")
    w = weight.weigh(tmp_path / "chart.en.html")
    assert w.page == "chart.en.html"
    assert [f.name for f in w.files] == ["chart.en.html", "lib.js", "shapes.js"]
    assert [f.raw_bytes for f in w.files] == [len(page.encode()), 3000, 4000]
    assert w.files[1].gzip_bytes == weight.gzip_size(js) > 3000
    assert w.files[2].gzip_bytes == weight.gzip_size(b"var s = 1;" * 400) < 200
    assert w.raw_bytes == sum(f.raw_bytes for f in w.files)
    assert w.gzip_bytes == sum(f.gzip_bytes for f in w.files)


def test_a_changed_file_is_weighed_again(tmp_path):
    (tmp_path / "lib.js").write_text("a", encoding="utf-8")
    (tmp_path / "p.html").write_text('<script src="lib.js"></script>', encoding="utf-8")
    before = weight.weigh(tmp_path / "p.html").files[1]
    (tmp_path / "lib.js").write_bytes(os.urandom(5000))
    after = weight.weigh(tmp_path / "p.html").files[1]
    assert (before.raw_bytes, after.raw_bytes) == (1, 5000)
    assert after.gzip_bytes > 5000 > before.gzip_bytes


def test_a_missing_script_is_an_error_not_zero(tmp_path):
    (tmp_path / "p.html").write_text('<script src="gone.js"></script>', encoding="utf-8")
    with pytest.raises(FileNotFoundError):
        weight.weigh(tmp_path / "p.html")
