"""One place for colours and fonts (the Streamlit theme in .streamlit/config.toml uses the same)."""

PRIMARY = "#1f5f8b"
TEXT = "#1b1b1b"
MUTED = "#5f6368"
BACKGROUND = "#ffffff"
NO_DATA = "#d9d9d9"  # countries without a value: light grey, never a colour of the scale
LAND = "#f2f2f2"
BORDER = "#ffffff"
FONT = "sans-serif"  # system fonts only: nothing is loaded from the web

# Sequential, colour-blind safe (ColorBrewer YlOrRd, 7 classes): light = low, dark red = high.
SEQUENTIAL = ["#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#b10026"]
GRID = "#e6e6e6"
MUTED_LINE = "#c4c4c4"

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
QUALITATIVE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
CATEGORICAL = {
    "reported": "#0072B2",  # blue
    "partial": "#56B4E9",  # sky blue
    "reported_absent": "#D55E00",  # vermillion
    "not_reported": "#E69F00",  # orange: a table row without a tick, not a firm "no"
}
