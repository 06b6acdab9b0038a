"""A served figure makes its spec once (figures.SentFigure) and sends exactly what a fresh copy would."""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio
import plotly.tools
import pytest

from sos_dash import figures, ui
from sos_dash.charts import REGISTRY
from sos_dash.state import MapState


def streamlit_spec(fig) -> str:
    """What st.plotly_chart writes into its message for a figure (streamlit/elements/plotly_chart.py)."""
    return pio.to_json(plotly.tools.return_figure_from_figure_or_data(fig, validate_figure=True), validate=False)


@pytest.mark.parametrize("chart_id, state", [("map", MapState(lang="ru")), ("map", MapState(lang="en", region="eeca")),
                                             ("map", MapState(lang="en", layer="access"))])
def test_the_spec_sent_is_a_copys_and_made_once(data, chart_id, state):
    fig = figures.untitled(REGISTRY[chart_id].build(data, state).figure)
    served = figures.sent(fig)
    assert streamlit_spec(served) == streamlit_spec(go.Figure(fig))
    assert served.to_dict() is served.to_dict()  # made once, shared by every view


def test_charts_served_to_sessions_are_sent_figures(data):
    chart = ui.cached_chart("map", data, MapState(lang="en"))
    assert isinstance(chart.figure, figures.SentFigure)
    assert ui.cached_chart("map", data, MapState(lang="en")) is chart
