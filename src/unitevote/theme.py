"""The collection's Altair look: readable type, a colour-blind-safe palette, one colour per candidate.

Importing this module enables the `mimetype` renderer (so notebooks store each chart as a
Vega-Lite v5 spec that JupyterLab draws with no network, and that nbval compares exactly) and
registers and enables the theme.
"""

from __future__ import annotations

import altair as alt

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision deficiency.
OKABE_ITO = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "bluish green": "#009E73",
    "reddish purple": "#CC79A7",
    "sky blue": "#56B4E9",
    "vermillion": "#D55E00",
    "yellow": "#F0E442",
    "black": "#000000",
}
PALETTE = list(OKABE_ITO.values())
GREYS = {"spoiled": "#999999", "absent": "#D9D9D9"}

# One colour per person in every chart of the collection; a candidate who stood twice keeps theirs.
CANDIDATE_COLOURS = {
    "Len McCluskey": OKABE_ITO["blue"],
    "Gerard Coyne": OKABE_ITO["orange"],
    "Ian Allinson": OKABE_ITO["bluish green"],
    "Jerry Hicks": OKABE_ITO["reddish purple"],
    "Les Bayliss": OKABE_ITO["sky blue"],
    "Gail Cartmail": OKABE_ITO["yellow"],
    "Sharon Graham": OKABE_ITO["vermillion"],
    "Steve Turner": OKABE_ITO["black"],
    "Spoiled papers": GREYS["spoiled"],
    "Did not return a paper": GREYS["absent"],
}
ALLOWED_COLOURS = {colour.upper() for colour in PALETTE + list(GREYS.values())}

FONT = "Helvetica Neue, Arial, sans-serif"


def candidate_scale(names=None) -> alt.Scale:
    """A colour scale that gives each candidate (and the grey categories) their fixed colour.

    `names` limits and orders the legend; by default every known name is in the domain.
    """
    names = list(CANDIDATE_COLOURS) if names is None else list(names)
    unknown = [name for name in names if name not in CANDIDATE_COLOURS]
    if unknown:
        raise KeyError(f"no colour is assigned to {unknown}; add them to CANDIDATE_COLOURS")
    return alt.Scale(domain=names, range=[CANDIDATE_COLOURS[name] for name in names])


@alt.theme.register("unitevote", enable=True)
def unitevote_theme() -> alt.theme.ThemeConfig:
    return {
        "config": {
            "font": FONT,
            "view": {"continuousWidth": 480, "continuousHeight": 280, "stroke": None},
            "title": {"fontSize": 17, "anchor": "start", "subtitleFontSize": 13, "offset": 12},
            "axis": {"labelFontSize": 13, "titleFontSize": 14, "labelLimit": 260, "grid": False},
            "legend": {"labelFontSize": 13, "titleFontSize": 14, "labelLimit": 260},
            "header": {"labelFontSize": 13, "titleFontSize": 14},
            "text": {"fontSize": 13},
            "range": {"category": PALETTE},
            "bar": {"color": OKABE_ITO["blue"]},
            "line": {"color": OKABE_ITO["blue"], "strokeWidth": 2.5},
            "point": {"color": OKABE_ITO["blue"], "size": 80, "filled": True},
        }
    }


# Vega-Lite v5 JSON in the notebook: renders offline in JupyterLab (even untrusted) and is
# compared exactly by nbval; the default html renderer loads scripts from a CDN.
alt.renderers.enable("mimetype")
