"""Draw a picture (grader.pictures): in the terminal with uniplot, as a PNG with matplotlib.

Both libraries are optional, the `plots` extra, and imported only here, only when a picture is
drawn: `learn check` never loads them. uniplot (pure Python over numpy, ~0.08 s to import) draws
with block characters in colour, or with one ASCII mark per series where colour or Unicode cannot
be shown; matplotlib (~0.4 s) renders the PNG off screen with its Agg backend, never a window.

What both show is the same: a series that grows past the panel's ceiling leaves through the top
and says from which step, one that stopped being a finite number ends there and says so.
"""

from __future__ import annotations

import importlib
import io
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

from grader.i18n import translate
from grader.pictures import Panel, Picture, Series
from grader.results import Text

TERMINAL_PACKAGES = {"uniplot": "uniplot"}  # import name -> distribution name
PNG_PACKAGES = {"matplotlib": "matplotlib"}

# One mark per series where colour cannot tell them apart: heavy enough to see, never alike.
ASCII_MARKS = ["+", "x", "o", "*", "#", "@"]
TERMINAL_HEIGHT = 17
MIN_WIDTH, MAX_WIDTH = 40, 100

# Fonts with Chinese glyphs that are common on learners' machines (Linux, Windows, macOS), best first.
CHINESE_FONTS = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei",
                 "WenQuanYi Zen Hei", "Microsoft YaHei", "SimHei", "PingFang SC", "Hiragino Sans GB",
                 "Heiti SC", "Arial Unicode MS")


class MissingExtra(Exception):
    """The plotting libraries are not installed. ``missing``: their distribution names."""

    def __init__(self, missing: list[str]):
        super().__init__(", ".join(missing))
        self.missing = missing


def require(*, png: bool) -> None:
    """Import the libraries that drawing (and saving a PNG, with ``png``) needs, or raise
    MissingExtra naming the missing ones. Called before any learner code runs: a missing extra
    is said at once, not after the run."""
    wanted = {**TERMINAL_PACKAGES, **(PNG_PACKAGES if png else {})}
    missing = []
    for module, distribution in wanted.items():
        try:
            importlib.import_module(module)
        except ImportError:
            missing.append(distribution)
    if missing:
        raise MissingExtra(missing)


@dataclass(frozen=True)
class _Line:
    """A series as drawn: cut at the ceiling, with the words its legend needs."""

    label: str
    x: list
    y: list
    group: str


def _drawn(panel: Panel, series: Series, language: str) -> _Line:
    """The part of ``series`` the chart shows: positive values on a log scale, and up to the first
    value above the panel's ceiling, which is put on the ceiling so that the curve leaves through
    the top there. The legend says where a curve left or ended."""
    label = translate(series.label, language)
    points = [(x, y) for x, y in zip(series.x, series.y) if y > 0 or not panel.log_y]
    for index, (x, y) in enumerate(points):
        if panel.y_max is not None and y > panel.y_max:
            label = translate(f"plot.off_chart.{panel.x_kind}", language, label=label, x=x)
            points = points[:index] + [(x, panel.y_max)]
            break
    else:
        if series.ended_at is not None:
            label = translate(f"plot.ended.{panel.x_kind}", language, label=label, x=series.ended_at)
    return _Line(label, [x for x, _ in points], [y for _, y in points], series.group)


def _lines(panel: Panel, language: str) -> list[_Line]:
    return [line for line in (_drawn(panel, s, language) for s in panel.series) if line.x]


# ----------------------------------------------------------------------------- terminal


def terminal(picture: Picture, language: str, *, width: int = 80, unicode: bool = True, color: bool = True) -> str:
    """The picture as text for a terminal ``width`` columns wide: each panel's title, its chart
    with a legend, and its notes, no line wider than ``width`` (down to MIN_WIDTH). ``unicode``:
    the terminal can show block characters; ``color``: it shows ANSI colours. Without either, each
    series gets its own ASCII mark."""
    from uniplot import plot_to_string

    width = min(max(MIN_WIDTH, width), MAX_WIDTH + 12)  # wider, the words would run far past the chart
    chart_width = width - 12  # room for the frame and the y labels on the right
    blocks = []
    for panel in picture.panels:
        lines = _lines(panel, language)
        if not lines:
            continue
        # One legend entry per line ("vertical"): _legend lays them out by display width, which
        # uniplot cannot (it counts a Chinese character as one column).
        chart = plot_to_string(
            [line.y for line in lines], [line.x for line in lines], lines=True, y_as_log=panel.log_y,
            legend_labels=[line.label for line in lines], legend_placement="vertical", width=chart_width,
            height=TERMINAL_HEIGHT, line_length_hard_cap=width, color=color,
            character_set="block" if unicode and color else "ascii", force_ascii_characters=ASCII_MARKS,
            x_gridlines=[], y_gridlines=[])
        rows = chart.split("\n")
        bottom = next(index for index, row in enumerate(rows) if "└" in row[:12])  # the frame's bottom edge
        x_label, y_label = translate(panel.x_label, language), translate(panel.y_label, language)
        frame = rows[:bottom + 1] + [_with_x_label(rows[bottom + 1], x_label, _cells(rows[bottom]), width)]
        legend = _legend([row.strip() for row in rows[bottom + 2:] if row.strip()], width)
        title = _wrap(translate(panel.title, language), width)
        notes = [_wrap(translate(note, language), width) for note in panel.notes]
        blocks.append("\n".join([title, *_wrap(y_label, width).split("\n"), *frame, *legend, *notes]))
    return "\n\n".join(blocks)


def _with_x_label(values: str, x_label: str, frame_width: int, width: int) -> str:
    """The row of x values with the name of the x axis after it, right of the frame, or below it
    where it does not fit."""
    values = values.rstrip()
    gap = max(2, frame_width - _cells(values))
    if _cells(values) + gap + _cells(x_label) <= width:
        return f"{values}{' ' * gap}{x_label}"
    return f"{values}\n{_wrap(x_label, width)}"


LEGEND_GAP = "   "


def _legend(entries: list[str], width: int) -> list[str]:
    """Legend entries ("██ label", maybe in colour) side by side where they fit in ``width``
    columns; an entry wider than that is wrapped under its label."""
    rows: list[str] = []
    last_wrapped = False  # nothing joins the end of a wrapped entry: it would read as its continuation
    for entry in entries:
        if rows and not last_wrapped and _cells(rows[-1]) + len(LEGEND_GAP) + _cells(entry) <= width:
            rows[-1] += LEGEND_GAP + entry
        elif _cells(entry) <= width:
            rows.append(entry)
        else:
            marker, _, label = entry.partition(" ")
            indent = " " * (_cells(marker) + 1)
            wrapped = _wrap(label, width - len(indent)).split("\n")
            rows += [f"{marker} {wrapped[0]}", *(indent + row for row in wrapped[1:])]
        last_wrapped = _cells(entry) > width
    return rows


_COLOUR_CODE = re.compile(r"\x1b\[[0-9;]*m")


def _cells(text: str) -> int:
    """How many terminal columns ``text`` takes: a Chinese character two, a colour code none."""
    from rich.cells import cell_len

    return cell_len(_COLOUR_CODE.sub("", text))


def _wrap(text: str, width: int) -> str:
    """``text`` wrapped to ``width`` columns: at spaces, and between Chinese characters (which
    need none), counting a Chinese character as two columns."""
    rows, row = [], ""
    for token in re.findall(r"[\u2e80-\ufaff\uff00-\uffef]|[^\s\u2e80-\ufaff\uff00-\uffef]+|\s+", text):
        if row.strip() and _cells(row + token.rstrip()) > width:
            rows.append(row.rstrip())
            row = token.lstrip()
        else:
            row += token
    return "\n".join([*rows, row.rstrip()])


# ----------------------------------------------------------------------------- PNG


def png(picture: Picture, language: str) -> tuple[bytes, tuple[Text, ...]]:
    """The picture as PNG bytes, and notes about it (no Chinese font: English labels)."""
    from matplotlib import font_manager
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    notes: tuple[Text, ...] = ()
    families = ["DejaVu Sans"]
    if language == "zh":
        chinese = _chinese_fonts(font_manager)
        if chinese:
            families += chinese  # matplotlib takes each glyph from the first family that has it
        else:
            language, notes = "en", (Text("plot.no_chinese_font"),)
    panels = [(panel, _lines(panel, language)) for panel in picture.panels]
    panels = [(panel, lines) for panel, lines in panels if lines]
    figure = Figure(figsize=(10, 5.2 * max(1, len(panels))), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    with _font_families(families):
        for axes, (panel, lines) in zip(figure.subplots(max(1, len(panels)), 1, squeeze=False)[:, 0], panels):
            for line, style in zip(lines, _styles(lines)):
                axes.plot(line.x, line.y, label=line.label, linewidth=1.8, markersize=4,
                          marker="o" if panel.x_kind == "layer" else None, **style)
            if panel.x_kind == "layer":
                axes.xaxis.set_major_locator(MaxNLocator(integer=True))
            if panel.log_y:
                axes.set_yscale("log")
            if panel.y_max is not None and any(y >= panel.y_max for line in lines for y in line.y):
                axes.set_ylim(top=panel.y_max)
            axes.set_title("\n".join(textwrap.wrap(translate(panel.title, language), 90)), fontsize=11)
            axes.set_xlabel(translate(panel.x_label, language))
            axes.set_ylabel(translate(panel.y_label, language))
            axes.grid(True, which="major", alpha=0.35)
            # Below the chart: a legend inside would hide the curves that leave through the top.
            axes.legend(fontsize=9, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncols=2, frameon=False)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
    return buffer.getvalue(), notes


def _chinese_fonts(font_manager) -> list[str]:
    """The installed families of CHINESE_FONTS. matplotlib keeps its list of fonts in a cache made
    once: a font installed since (after being told it lacked one) is added from the system's folders."""
    def known() -> list[str]:
        installed = {font.name for font in font_manager.fontManager.ttflist}
        return [name for name in CHINESE_FONTS if name in installed]

    if not known():
        listed = {font.fname for font in font_manager.fontManager.ttflist}
        for path in font_manager.findSystemFonts():
            if path not in listed:
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):
                    pass  # a font file matplotlib cannot read is not one we can use
    return known()


# Grouped series (one activation under several initialisations): one colour family per group,
# one line style per member, so that a group reads as one at a glance.
GROUP_COLOURS = (("#1f4e9c", "#3f7fd8", "#8fb8f0"), ("#b3261e", "#e8590c", "#f2a541"), ("#2b7a3d", "#52b06a", "#a3d9a5"))
GROUP_STYLES = ("-", "--", ":")


def _styles(lines: list[_Line]) -> list[dict]:
    """matplotlib's keyword arguments for each line: its default colours unless the lines are grouped."""
    groups = list(dict.fromkeys(line.group for line in lines))
    if groups == [""] or len(groups) > len(GROUP_COLOURS):
        return [{} for _ in lines]
    seen: dict[str, int] = {}
    styles = []
    for line in lines:
        member = seen[line.group] = seen.get(line.group, -1) + 1
        colours = GROUP_COLOURS[groups.index(line.group)]
        styles.append({"color": colours[member % len(colours)], "linestyle": GROUP_STYLES[member % len(GROUP_STYLES)]})
    return styles


def _font_families(families: list[str]):
    from matplotlib import rc_context

    # A list of families (not the generic "sans-serif"): each glyph comes from the first that has it.
    return rc_context({"font.family": families, "axes.unicode_minus": False})


def save_png(picture: Picture, language: str, path: Path) -> tuple[Text, ...]:
    """Write the picture to ``path`` as a PNG (all or nothing: an old file there survives a failure)."""
    from grader.files import write_atomically

    data, notes = png(picture, language)
    write_atomically(Path(path), data)
    return notes
