"""One place for colours and fonts (the Streamlit theme in .streamlit/config.toml uses the same)."""

PRIMARY = "#1f5f8b"
TEXT = "#1b1b1b"
MUTED = "#5f6368"
BACKGROUND = "#ffffff"
NO_DATA = "#d9d9d9"  # countries without a value: light grey, never a colour of the scale
LAND = "#f2f2f2"
BORDER = "#ffffff"
FONT = "sans-serif"  # system fonts only: nothing is loaded from the web

# Sequential, colour-blind safe: ColorBrewer's YlOrRd (Cynthia Brewer, colorbrewer2.org), light = low, dark red =
# high, by number of classes. A binned map takes the scheme with as many classes as it has bins (sequential(n)).
YLORRD = {
    3: ("#ffeda0", "#feb24c", "#f03b20"),
    4: ("#ffffb2", "#fecc5c", "#fd8d3c", "#e31a1c"),
    5: ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"),
    6: ("#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026"),
    7: ("#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#b10026"),
    8: ("#ffffcc", "#ffeda0", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#b10026"),
    9: ("#ffffcc", "#ffeda0", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#bd0026", "#800026"),
}
GRID = "#e6e6e6"
MUTED_LINE = "#c4c4c4"

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
QUALITATIVE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
# Naloxone-access statuses (access_rules.STATUSES); "not_known" is NO_DATA.
CATEGORICAL = {
    "reported": "#0072B2",  # blue
    "reported_local": "#009E73",  # bluish green: a city, a province or a pilot
    "reported_absent": "#D55E00",  # vermillion
    "no_peer_distribution": "#E69F00",  # orange: an HRI cross in the peer column, not "no naloxone"
    "conflicting": "#CC79A7",  # reddish purple
}
LESS_CERTAIN_TINT = 0.55  # medium/low confidence, undated or older than ten years: the hue mixed with white


def tint(colour: str, share: float = LESS_CERTAIN_TINT) -> str:
    """The colour mixed with `share` white (#0072B2 -> a paler blue of the same hue)."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    mix = [round(c + (255 - c) * share) for c in (r, g, b)]
    return "#" + "".join(f"{c:02x}" for c in mix)


def sequential(n: int) -> tuple[str, ...]:
    """The sequential scheme's colours for n classes (3 to 9), light to dark."""
    if n not in YLORRD:
        raise ValueError(f"ColorBrewer's YlOrRd has 3 to 9 classes, not {n}")
    return YLORRD[n]
