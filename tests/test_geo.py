"""Every country with data is drawn: as a shape, as a marker, or on the short, justified exceptions list."""

from sos_dash import geo


def test_every_gbd_country_has_a_shape_or_marker_or_is_a_named_exception(data):
    codes = data.countries[data.countries["in_gbd"] & ~data.countries["is_aggregate"]]["iso3"].tolist()
    assert len(codes) == 204
    cover = geo.coverage(codes)
    assert sorted(cover["missing"]) == sorted(geo.NO_SHAPE)
    assert len(cover["shape"]) + len(cover["marker"]) + len(cover["missing"]) == 204
    assert {"SGP", "MLT", "BHR", "MDV"} <= set(cover["marker"])


def test_markers_come_from_the_50m_centroids():
    m = geo.markers_for(["SGP", "KAZ"])
    assert m["iso3"].tolist() == ["SGP"]  # KAZ has a 110m shape
    assert 103 < m["lon"][0] < 104.5 and 1 < m["lat"][0] < 1.6


def test_topojson_is_shipped_with_its_licence():
    assert (geo.TOPO_DIR / "world_110m.json").stat().st_size > 100_000
    assert (geo.TOPO_DIR / "world_50m.json").exists()
    assert "MIT" in (geo.TOPO_DIR / "LICENSE").read_text() or "Permission" in (geo.TOPO_DIR / "LICENSE").read_text()
