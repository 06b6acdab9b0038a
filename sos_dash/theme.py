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
