"""Safe defaults in .streamlit/config.toml, read as Streamlit reads them."""

import tomllib

from sos_dash.paths import ROOT

CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())


def test_server_protections_on_and_uploads_off():
    server = CONFIG["server"]
    assert server["enableXsrfProtection"] is True
    assert server["enableCORS"] is True  # Streamlit's CORS *protection*
    assert server["maxUploadSize"] <= 1
    assert server["enableStaticServing"] is True


def test_no_telemetry_and_viewer_toolbar():
    assert CONFIG["browser"]["gatherUsageStats"] is False
    assert CONFIG["client"]["toolbarMode"] == "viewer"


def test_no_file_uploader_anywhere():
    for p in [ROOT / "app.py", *ROOT.glob("pages/*.py"), *ROOT.glob("sos_dash/**/*.py")]:  # sub-packages too
        assert "file_uploader" not in p.read_text(), p


def test_no_full_garbage_collection_after_every_run():
    """Streamlit's default gc.collect(2) after each script run cost more CPU per view than the page itself
    (docs/performance.md); Streamlit must read the option under this name."""
    from streamlit import config

    assert CONFIG["runner"]["postScriptGC"] is False
    assert "runner.postScriptGC" in config._config_options_template
