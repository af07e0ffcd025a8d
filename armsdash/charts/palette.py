"""Colour-blind-safe colours that stay with a supplier on every chart."""

from __future__ import annotations

import hashlib

# Okabe & Ito (2008), safe for the common colour-vision deficiencies; fixed for the
# suppliers that dominate the data so Russia is the same orange on every page.
OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000")
FIXED = {
    "RUS": "#D55E00",
    "SUN": "#E69F00",
    "USA": "#0072B2",
    "FRA": "#56B4E9",
    "ISR": "#009E73",
    "CHN": "#CC79A7",
    "GBR": "#F0E442",
    "DEU": "#000000",
}
EXTRA = ("#882255", "#44AA99", "#999933", "#AA4499", "#117733", "#332288", "#DDCC77", "#88CCEE")
OTHER = "#BBBBBB"


def supplier_color(code: str) -> str:
    """Return the colour of supplier ``code``: fixed for the main suppliers, stable for the rest."""
    if code in FIXED:
        return FIXED[code]
    if code in {"Other", "OTHER", ""}:
        return OTHER
    digest = int(hashlib.sha256(str(code).encode()).hexdigest(), 16)
    return EXTRA[digest % len(EXTRA)]


def color_map(codes) -> dict[str, str]:
    """Return ``{code: colour}`` for every code in ``codes``."""
    return {code: supplier_color(code) for code in codes}
