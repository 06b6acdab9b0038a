"""The charts, one module per family (maps, trends, profile, sos), every builder `(data, state) -> Chart | None`
registered with its id, page and the view-state fields it reads (registry.py).

Adding a chart: write its builder in its family's module under `@register(...)`, and its strings in i18n.
The order of the families below is the order of REGISTRY (the static export and its index follow it).
"""

# importing a family registers its charts, in this order
from . import maps  # noqa: F401

# isort: split
from . import trends  # noqa: F401

# isort: split
from . import profile  # noqa: F401

# isort: split
from . import sos  # noqa: F401

# isort: split
from .chart import SOURCE_LINES, Chart, chart_csv, credit_line, plain_table, source_parts
from .maps import status_parts
from .registry import REGISTRY, ChartSpec, build, register

__all__ = ["REGISTRY", "SOURCE_LINES", "Chart", "ChartSpec", "build", "chart_csv", "credit_line", "plain_table",
           "register", "source_parts", "status_parts"]
