"""Judging a learner's chart from its own specification (`chart.to_dict()`).

A chart exercise describes the chart its question asks for (`ChartSpec`): the mark, the field
and type each position channel must carry, whether the bars must be ranked, the figures the bars
must show, and, for a share, the words that name its base. `judge(spec, chart)` reads the
learner's Vega-Lite specification and returns the first problem it finds, most basic first:

1. not a chart at all (wrong type), or a chart that cannot be written out;
2. the wrong mark; a channel the question asks for missing;
3. the wrong field on a channel (a named misconception when it is a field the course knows to be
   confused with it, e.g. `percent` where `votes` was asked);
4. a quantity typed as a category (`votes:N`), the wrong aggregate;
5. the wrong rows (the bars' figures are not the ones asked: another year, a filter missed);
6. bars not ranked when the question asks for a ranking;
7. a bar axis that does not start at zero;
8. a share whose title or axis title does not name its base;
9. no title or no description.

It is strict only on what the question asks: any other encoding (a tooltip, a colour, a text
layer), a width, a theme or an axis format never makes a right chart wrong. Layered charts are
read layer by layer: the question's mark may be any one layer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import bases

# The named chart misconceptions, with the hint a learner sees (as `checks.HINTS` for numbers).
QUANTITY_AS_CATEGORY = "a quantity typed as a category"
WRONG_FIELD = "the wrong field"
NOT_RANKED = "bars not sorted for a ranking"
TRUNCATED_AXIS = "a bar axis that does not start at zero"
SHARE_WITHOUT_BASE = "a share without its base"
NO_TITLE = "a chart without a title or description"
WRONG_ROWS = "the wrong rows"
OUT_OF_ORDER = "a time axis out of order"
BASE_NOT_SHOWN = "a title that names another base than the bars show"
STALE_WORDS = "words that describe the chart before it was fixed"

HINTS = {
    QUANTITY_AS_CATEGORY: "a count or a share is a quantity (`:Q`). Typed as a category (`:N` or "
    "`:O`), each value becomes a label of its own and a bar's length no longer shows how much.",
    WRONG_FIELD: "the chart draws a different column from the one the question asks for. Which "
    "field should the bars' length carry?",
    NOT_RANKED: "the question asks for a ranking, but the bars are in alphabetical (or table) "
    'order. Sort the category axis by the value, for example `sort="-x"`.',
    TRUNCATED_AXIS: "a bar's length is its value, so its axis must start at zero. Cutting the "
    "axis makes small differences look large: remove `zero=False` or the `domain` you set.",
    SHARE_WITHOUT_BASE: "a percentage means nothing without its base. Say in the title (or the "
    "axis title) what the share is of.",
    NO_TITLE: "every chart in the course has a title (what it shows, in a few words) and a "
    "description (a sentence or two a screen reader reads instead: what the chart shows and its "
    "key figures). Add both with `.properties(title=..., description=...)`.",
    WRONG_ROWS: "the bars do not show the figures the question asks for. Check which rows of "
    "the table you kept (which election? which candidates?) before you chart them.",
    BASE_NOT_SHOWN: "the title names one base, but the bars are shares of another. Either the "
    "division or the title is off: name the total you divided by.",
    STALE_WORDS: "the chart is fixed, but its title or description still describes the "
    "misleading one. A description is what a screen reader says: make it fit the chart drawn.",
    OUT_OF_ORDER: "the question is about change over time, so the years must stand in time "
    "order. Sorting them by their value hides the trend: leave the axis in its own order.",
}
# Words too few to say what a chart shows: a title of one word, a description of under five.
TITLE_WORDS, DESCRIPTION_WORDS = 2, 5

TYPES = {"Q": "quantitative", "N": "nominal", "O": "ordinal", "T": "temporal"}
SHORT_TYPES = {long: short for short, long in TYPES.items()}  # "quantitative" -> "Q"
POSITION = ("x", "y")


@dataclass(frozen=True)
class Channel:
    """What one channel must carry: a field (any of `fields`), its type, an aggregate."""

    fields: tuple[str, ...]
    type: str  # "quantitative", "nominal", "ordinal" or "temporal"
    aggregate: str | None = None  # e.g. "sum" where the rows must be added up
    # Fields a learner may put here by mistake, each with the hint it deserves.
    confusions: tuple[tuple[str, str], ...] = ()

    @property
    def field(self) -> str:
        return self.fields[0]


@dataclass(frozen=True)
class ChartSpec:
    """The chart a question asks for.

    `value` and `category` are the two position channels of a bar chart (either may be drawn on
    x or y unless `orientation` is fixed). `figures` maps each category to the figure its bar must
    show (after any aggregate), computed from data/ by the exercise. `figures_by_base`: where the
    learner chooses the base of a share, the figures on each accepted base; the base named in the
    title decides which the bars must show. `ranked`: the categories must be sorted by the value
    (True: either direction; "descending": largest first). `stale_words`: words of a misleading
    chart's title or description that no longer fit it once fixed. `in_order`: they must stand in their own
    order (years in time order). `base_words`: for a share, words one of which the title, its
    subtitle or the value axis's title must contain.
    """

    mark: str
    value: Channel
    category: Channel | None = None
    orientation: str | None = None  # "horizontal" (value on x), "vertical", or None (either)
    extra: dict[str, Channel] = field(default_factory=dict)  # e.g. {"color": Channel(...)}
    figures: dict[str, float] | None = None
    figures_by_base: dict[str, dict[str, float]] | None = None
    # Words of the misleading chart's title or description that no longer fit once it is fixed.
    stale_words: tuple[str, ...] = ()
    tolerance: float = 0.05
    ranked: bool | str = False  # True: sorted by value; "descending": largest first
    in_order: bool = False  # the categories (years) must stand in their own order
    base_words: tuple[str, ...] = ()
    description: str = ""  # for the answer key: the chart in words

    @property
    def zero_required(self) -> bool:
        return self.mark in {"bar", "area"}


@dataclass(frozen=True)
class Problem:
    """What is wrong with a chart: a named misconception, or a plain "not yet" with a reason."""

    reason: str
    misconception: str | None = None
    wrong_type: bool = False


def specification(chart) -> dict | None:
    """The Vega-Lite dict of an Altair chart, a plain spec dict, or None if `chart` is neither."""
    if isinstance(chart, dict):
        return chart if ("mark" in chart or "layer" in chart or "$schema" in chart) else None
    is_altair = type(chart).__module__.split(".")[0] == "altair"
    if not is_altair or not callable(getattr(chart, "to_dict", None)):
        return None
    return chart.to_dict()


def _mark_type(mark) -> str | None:
    if isinstance(mark, dict):
        return mark.get("type")
    return mark


def _layers(spec: dict) -> list[dict]:
    """Each drawn layer, with the encoding and data it inherits from its parents."""
    found = []

    def walk(node: dict, encoding: dict, data, transforms: list) -> None:
        encoding = {**encoding, **node.get("encoding", {})}
        data = node.get("data", data)
        transforms = transforms + list(node.get("transform", []))
        if "layer" in node:
            for child in node["layer"]:
                walk(child, encoding, data, transforms)
        elif "mark" in node:
            found.append(
                {
                    "mark": _mark_type(node["mark"]),
                    "encoding": encoding,
                    "data": data,
                    "transform": transforms,
                }
            )

    walk(spec, {}, None, [])
    return found


def _title_text(title, subtitle: bool = False) -> str:
    """A title's text (a `TitleParams` dict's "text", and with `subtitle` its subtitle too)."""
    if isinstance(title, dict):
        extra = _title_text(title.get("subtitle", "")) if subtitle else ""
        return (_title_text(title.get("text", "")) + " " + extra).strip()
    if isinstance(title, list):
        title = " ".join(str(part) for part in title)
    return str(title or "")


def _channel_field(definition) -> tuple[str | None, str | None, str | None]:
    """(field, type, aggregate) of one channel definition (shorthand strings included)."""
    if isinstance(definition, list):  # a tooltip list: not a position channel
        return None, None, None
    if isinstance(definition, str):
        match = re.fullmatch(r"(?:(\w+)\()?([^():]+)\)?(?::([QNOT]))?", definition)
        if not match:
            return None, None, None
        return match[2], TYPES.get(match[3] or ""), match[1]
    if not isinstance(definition, dict):
        return None, None, None
    return definition.get("field"), definition.get("type"), definition.get("aggregate")


def _rows(layer: dict, spec: dict) -> list[dict] | None:
    """The rows a layer draws (inline values or a named dataset), or None if unknown."""
    data = layer.get("data") or spec.get("data")
    if not isinstance(data, dict):
        return None
    if "values" in data:
        rows = data["values"]
    elif "name" in data:
        rows = spec.get("datasets", {}).get(data["name"])
    else:
        return None
    if not isinstance(rows, list):
        return None
    for transform in layer.get("transform", []):
        rows = _filtered(rows, transform)
        if rows is None:
            return None
    return rows


_DATUM = re.compile(
    r"\(?\s*datum\.(\w+)\s*(===|==|!==|!=|>=|<=|>|<)\s*(?:(-?\d+(?:\.\d+)?)|['\"]([^'\"]*)['\"])\s*\)?"
)


def _filtered(rows: list[dict], transform: dict) -> list[dict] | None:
    """Rows kept by a simple filter transform; None for a transform this reader does not follow."""
    if set(transform) != {"filter"}:
        return None
    rule = transform["filter"]
    if isinstance(rule, dict) and "field" in rule:
        name = rule["field"]
        if "equal" in rule:
            return [row for row in rows if row.get(name) == rule["equal"]]
        if "oneOf" in rule:
            return [row for row in rows if row.get(name) in rule["oneOf"]]
        return None
    if isinstance(rule, str):
        match = _DATUM.fullmatch(rule.strip())
        if not match:
            return None
        name, operator, number, text = match.groups()
        target = float(number) if number is not None else text
        compare = {
            "===": lambda a, b: a == b,
            "==": lambda a, b: a == b,
            "!==": lambda a, b: a != b,
            "!=": lambda a, b: a != b,
            ">=": lambda a, b: a >= b,
            "<=": lambda a, b: a <= b,
            ">": lambda a, b: a > b,
            "<": lambda a, b: a < b,
        }[operator]
        try:
            return [row for row in rows if compare(row.get(name), target)]
        except TypeError:
            return None
    return None


def _figures(rows: list[dict], category: str, value: str, aggregate: str | None) -> dict | None:
    """The figure each category's bar shows (rows added up where the chart adds them)."""
    shown: dict[str, float] = {}
    for row in rows:
        key, amount = row.get(category), row.get(value)
        if key is None or not isinstance(amount, int | float) or isinstance(amount, bool):
            return None
        if key in shown and aggregate not in {"sum", "mean", "max", "min"}:
            return None  # two bars drawn on one spot: no single figure
        if aggregate == "max":
            shown[str(key)] = max(shown.get(str(key), amount), amount)
        elif aggregate == "min":
            shown[str(key)] = min(shown.get(str(key), amount), amount)
        else:
            shown[str(key)] = shown.get(str(key), 0) + amount
    if aggregate == "mean":
        counts: dict[str, int] = {}
        for row in rows:
            counts[str(row[category])] = counts.get(str(row[category]), 0) + 1
        shown = {key: total / counts[key] for key, total in shown.items()}
    return shown


def _direction(figures: list) -> str | None:
    """ "descending" or "ascending" if `figures` are in that order, else None."""
    try:
        if figures == sorted(figures, reverse=True):
            return "descending"
        if figures == sorted(figures):
            return "ascending"
    except TypeError:
        pass
    return None


def _ranking(definition: dict, value_channel: str, value_field: str, rows, category: str):
    """How a category channel's sort orders the bars by their value: "descending" (largest
    first), "ascending", or None (not by value: alphabetical, or an order of its own)."""
    sort = definition.get("sort", "ascending") if isinstance(definition, dict) else "ascending"
    if isinstance(sort, str):
        if sort.lstrip("-") != value_channel:
            return None
        return "descending" if sort.startswith("-") else "ascending"
    if isinstance(sort, dict):
        if sort.get("encoding") != value_channel and sort.get("field") != value_field:
            return None
        return "descending" if sort.get("order") == "descending" else "ascending"
    if sort is None and rows:  # the table's own order: ranked if the rows are
        return _direction([row.get(value_field) for row in rows])
    if isinstance(sort, list) and rows:  # an explicit order: ranked if it is the value order
        by_value = {str(row.get(category)): row.get(value_field) for row in rows}
        if not all(str(item) in by_value for item in sort):
            return None
        return _direction([by_value[str(item)] for item in sort])
    return None


def _in_own_order(definition: dict) -> bool:
    """Whether a category channel keeps its values in their own (ascending) order."""
    sort = definition.get("sort", "ascending") if isinstance(definition, dict) else "ascending"
    return sort in ("ascending", None) or (isinstance(sort, dict) and not sort)


def _log_scale(definition: dict) -> str:
    """The name of a non-linear scale type on a channel ("log", "sqrt", ...), or ""."""
    scale = definition.get("scale") if isinstance(definition, dict) else None
    kind = scale.get("type") if isinstance(scale, dict) else None
    return kind if kind in {"log", "symlog", "sqrt", "pow"} else ""


def _starts_at_zero(definition: dict) -> bool:
    scale = definition.get("scale") if isinstance(definition, dict) else None
    if not isinstance(scale, dict):
        return True
    if scale.get("zero") is False:
        return False
    domain = scale.get("domain")
    if isinstance(domain, list) and len(domain) == 2:
        low = domain[0]
        if isinstance(low, int | float) and not isinstance(low, bool):
            return low <= 0
    domain_min = scale.get("domainMin")
    if isinstance(domain_min, int | float) and domain_min > 0:
        return False
    return True


def _axis_title(definition: dict) -> str:
    if not isinstance(definition, dict):
        return ""
    axis = definition.get("axis")
    text = definition.get("title") or (axis.get("title") if isinstance(axis, dict) else "")
    return _title_text(text)


def _field_problem(wanted: Channel, found: str | None, role: str) -> Problem | None:
    if found in wanted.fields:
        return None
    for confused, hint in wanted.confusions:
        if found == confused:
            return Problem(
                f"This looks like {WRONG_FIELD}: the {role} shows `{found}`; {hint}", WRONG_FIELD
            )
    if found is None:
        return Problem(f"the {role} shows no field of the table yet: which field should it show?")
    return Problem(
        f"the {role} shows `{found}`, a field this question does not ask about. Which column of "
        "the table holds what the question asks?"
    )


def _type_problem(wanted: Channel, found_type: str | None, role: str) -> Problem | None:
    if found_type == wanted.type:
        return None
    categories = {"nominal", "ordinal"}
    if wanted.type in categories and found_type in categories:
        return None  # either draws one bar per category: the question asks for categories
    if wanted.type == "quantitative" and found_type in {"nominal", "ordinal"}:
        return Problem(
            f"This looks like {QUANTITY_AS_CATEGORY}: {HINTS[QUANTITY_AS_CATEGORY]}",
            QUANTITY_AS_CATEGORY,
        )
    return Problem(
        f"the {role} is typed `{found_type}`; this question needs `:{SHORT_TYPES.get(wanted.type)}` "
        f"({wanted.type}) there."
    )


@dataclass
class Drawn:
    """What a learner's chart draws, read once from its specification for every step of `judge`."""

    spec: dict
    encoding: dict
    value_channel: str
    category_channel: str
    rows: list[dict] | None

    def field(self, channel: str) -> tuple[str | None, str | None, str | None]:
        return _channel_field(self.encoding.get(channel))

    @property
    def title(self) -> str:
        return _title_text(_inherited(self.spec, "title"))

    @property
    def words(self) -> str:
        """Every word that says what the chart shows: title, subtitle, value axis title."""
        full = _title_text(_inherited(self.spec, "title"), subtitle=True)
        return full + " " + _axis_title(self.encoding.get(self.value_channel))

    @property
    def description(self) -> str:
        return str(_inherited(self.spec, "description") or "")


def error_line(error: Exception) -> str:
    """Why Altair or Vega-Lite could not write or draw a chart, in one line ("Type: first line")."""
    message = str(error).strip().splitlines()[0][:160] if str(error).strip() else ""
    return f"{type(error).__name__}: {message}"


def undrawable(error: Exception) -> str:
    """The reason a check gives for a chart that cannot be written out (the same in a learner's
    kernel and in the class report, which judges the chart's plain form)."""
    return f"the chart cannot be drawn yet: {error_line(error)}"


def judge(wanted: ChartSpec, chart) -> Problem | None:
    """The first problem with `chart` for the question `wanted` describes, or None if right."""
    try:
        spec = specification(chart)
    except Exception as error:  # Altair's own validation: the chart cannot be written out
        return Problem(undrawable(error))
    if spec is None:
        return Problem("", wrong_type=True)
    if any(key in spec for key in ("hconcat", "vconcat", "concat", "facet", "repeat")):
        return Problem("the question asks for one chart, not several side by side.")
    layers = [layer for layer in _layers(spec) if layer["mark"] == wanted.mark]
    if not layers:
        marks = sorted({str(layer["mark"]) for layer in _layers(spec)}) or ["none"]
        return Problem(
            f"the chart's mark is {', '.join(marks)}; the question asks for `mark_{wanted.mark}()`."
        )
    value_channel, category_channel = _position_channels(wanted, layers[0]["encoding"])
    drawn = Drawn(spec, layers[0]["encoding"], value_channel, category_channel, None)
    drawn.rows = _rows(layers[0], spec)
    for step in (_fields_drawn, _types_drawn, _figures_drawn, _order_drawn, _axis_drawn):
        problem = step(wanted, drawn)
        if problem:
            return problem
    return _words_drawn(wanted, drawn)


def _fields_drawn(wanted: ChartSpec, drawn: Drawn) -> Problem | None:
    problem = _field_problem(wanted.value, drawn.field(drawn.value_channel)[0], "bars' length")
    if problem is None and wanted.category is not None:
        problem = _field_problem(
            wanted.category, drawn.field(drawn.category_channel)[0], "other axis"
        )
    for name, channel in wanted.extra.items():
        problem = problem or _field_problem(channel, drawn.field(name)[0], f"`{name}`")
    return problem


def _types_drawn(wanted: ChartSpec, drawn: Drawn) -> Problem | None:
    problem = _type_problem(wanted.value, drawn.field(drawn.value_channel)[1], "bars' length")
    if problem is None and wanted.category is not None:
        category_type = drawn.field(drawn.category_channel)[1]
        problem = _type_problem(wanted.category, category_type, "other axis")
    return problem


def _wanted_figures(wanted: ChartSpec, drawn: Drawn) -> dict | None:
    """The figures the bars must show: fixed, or those of the base the title names."""
    if wanted.figures_by_base is None:
        return wanted.figures
    return wanted.figures_by_base.get(bases.named(drawn.words))


def _figures_drawn(wanted: ChartSpec, drawn: Drawn) -> Problem | None:
    """The bars' figures (where they can be read) against the question's; else the aggregate."""
    value_field, _, aggregate = drawn.field(drawn.value_channel)
    category_field = drawn.field(drawn.category_channel)[0] if wanted.category else None
    checkable = wanted.figures is not None or wanted.figures_by_base is not None
    shown = None
    if checkable and category_field is not None and drawn.rows is not None:
        # The figures decide: `sum(votes)` over one row per candidate shows the bars `votes` does.
        shown = _figures(drawn.rows, category_field, value_field, aggregate)
    elif (aggregate or None) != wanted.value.aggregate:
        if wanted.value.aggregate:
            return Problem(
                f"each bar should add up its rows: use `{wanted.value.aggregate}(...)` on the "
                f'value (for example `x="{wanted.value.aggregate}({value_field}):Q"`).'
            )
        return Problem(
            f"the value is aggregated with `{aggregate}`; the question asks for each row's "
            "own figure."
        )
    if shown is None and not (checkable and category_field is not None and drawn.rows):
        return None
    figures = _wanted_figures(wanted, drawn)
    if shown is not None and figures is not None:
        if _same_figures(shown, figures, wanted.tolerance):
            return None
    if shown is not None and wanted.figures_by_base is not None:
        fits = [
            base
            for base, those in wanted.figures_by_base.items()
            if _same_figures(shown, those, wanted.tolerance)
        ]
        if fits and bases.named(drawn.words) is None:
            return Problem(
                f"This looks like {SHARE_WITHOUT_BASE}: {HINTS[SHARE_WITHOUT_BASE]}",
                SHARE_WITHOUT_BASE,
            )
        if fits:
            return Problem(
                f"This looks like {BASE_NOT_SHOWN}: {HINTS[BASE_NOT_SHOWN]}", BASE_NOT_SHOWN
            )
    return Problem(f"This looks like {WRONG_ROWS}: {HINTS[WRONG_ROWS]}", WRONG_ROWS)


def _order_drawn(wanted: ChartSpec, drawn: Drawn) -> Problem | None:
    if wanted.category is None:
        return None
    value_field = drawn.field(drawn.value_channel)[0]
    category_field = drawn.field(drawn.category_channel)[0]
    definition = drawn.encoding.get(drawn.category_channel)
    if wanted.ranked:
        found = _ranking(definition, drawn.value_channel, value_field, drawn.rows, category_field)
        if found is None:
            return Problem(f"This looks like {NOT_RANKED}: {HINTS[NOT_RANKED]}", NOT_RANKED)
        if wanted.ranked == "descending" and found != "descending":
            sign = f'sort="-{drawn.value_channel}"'
            return Problem(
                f"This looks like {NOT_RANKED}: the bars are ranked, but smallest first; the "
                f"question asks for the largest first ({sign}).",
                NOT_RANKED,
            )
    if wanted.in_order and not _in_own_order(definition):
        return Problem(f"This looks like {OUT_OF_ORDER}: {HINTS[OUT_OF_ORDER]}", OUT_OF_ORDER)
    return None


def _axis_drawn(wanted: ChartSpec, drawn: Drawn) -> Problem | None:
    definition = drawn.encoding.get(drawn.value_channel)
    if not wanted.zero_required:
        return None
    if _log_scale(definition):
        return Problem(
            f"This looks like {TRUNCATED_AXIS}: a bar's length is its value, and on a "
            f"{_log_scale(definition)} scale it is not (nor does the axis start at zero). Leave "
            "the scale linear.",
            TRUNCATED_AXIS,
        )
    if not _starts_at_zero(definition):
        return Problem(f"This looks like {TRUNCATED_AXIS}: {HINTS[TRUNCATED_AXIS]}", TRUNCATED_AXIS)
    return None


def _words_drawn(wanted: ChartSpec, drawn: Drawn) -> Problem | None:
    """The chart's own words: its base named (a share), nothing stale, a title, a description."""
    words = drawn.words.casefold()
    if wanted.figures_by_base is None and wanted.base_words:
        if not any(word.casefold() in words for word in wanted.base_words):
            return Problem(
                f"This looks like {SHARE_WITHOUT_BASE}: {HINTS[SHARE_WITHOUT_BASE]}",
                SHARE_WITHOUT_BASE,
            )
    said = (words + " " + drawn.description).casefold()
    if any(stale.casefold() in said for stale in wanted.stale_words):
        return Problem(f"This looks like {STALE_WORDS}: {HINTS[STALE_WORDS]}", STALE_WORDS)
    if len(drawn.title.split()) < TITLE_WORDS or len(drawn.description.split()) < DESCRIPTION_WORDS:
        return Problem(f"This looks like {NO_TITLE}: {HINTS[NO_TITLE]}", NO_TITLE)
    return None


def _inherited(spec: dict, key: str):
    """A chart-level property (title, description) set on the chart or on one of its layers."""
    if spec.get(key):
        return spec[key]
    for layer in spec.get("layer", []):
        found = _inherited(layer, key)
        if found:
            return found
    return None


def _position_channels(wanted: ChartSpec, encoding: dict) -> tuple[str, str]:
    """(value channel, category channel): fixed by `orientation`, else found in the encoding."""
    if wanted.orientation == "horizontal":
        return "x", "y"
    if wanted.orientation == "vertical":
        return "y", "x"
    for value_channel, category_channel in (("x", "y"), ("y", "x")):
        if _channel_field(encoding.get(value_channel))[0] in wanted.value.fields:
            return value_channel, category_channel
    for value_channel, category_channel in (("x", "y"), ("y", "x")):
        if _channel_field(encoding.get(value_channel))[1] == "quantitative":
            return value_channel, category_channel
    return "x", "y"


def _same_figures(shown: dict, wanted: dict, tolerance: float) -> bool:
    if set(shown) != {str(key) for key in wanted}:
        return False
    return all(abs(shown[str(key)] - value) <= tolerance for key, value in wanted.items())


def describe(chart) -> str:
    """A chart in a few words (its mark and each channel's field and type), for a report row."""
    try:
        spec = specification(chart)
    except Exception as error:
        return f"a chart that cannot be drawn ({type(error).__name__})"
    if spec is None:
        return "not a chart"
    parts = []
    for layer in _layers(spec):
        channels = []
        for name, definition in sorted(layer["encoding"].items()):
            field_name, kind, aggregate = _channel_field(definition)
            if field_name:
                short = SHORT_TYPES.get(kind or "", "?")
                shown = f"{aggregate}({field_name})" if aggregate else field_name
                channels.append(f"{name}={shown}:{short}")
        parts.append(f"mark_{layer['mark']}(" + ", ".join(channels) + ")")
    title = _title_text(_inherited(spec, "title"))
    return " + ".join(parts) + (f", title {title!r}" if title else ", no title")


def describe_wanted(wanted: ChartSpec) -> str:
    """The expected chart in words, for the answer key."""
    if wanted.description:
        return wanted.description
    value = wanted.value
    parts = [f"mark_{wanted.mark}", f"value {value.field}:{SHORT_TYPES[value.type]}"]
    if wanted.category:
        parts.append(f"category {wanted.category.field}:{SHORT_TYPES[wanted.category.type]}")
    if wanted.ranked:
        parts.append("sorted by value")
    if wanted.base_words:
        parts.append(f"base named ({' / '.join(wanted.base_words)})")
    parts.append("title and description")
    return ", ".join(parts)
