"""The weekly summary's chart: a PNG of 900×500 px, no display needed.

Left, each day's people stacked by code (on time, late, left early, absent,
leave or DL); right, the task flow (given and done as bars, overdue at each
day's end as a line). Days nobody worked (weekends, holidays) are shaded and
marked, the holidays named under the chart; labels in the reader's language.

Made with ``Figure`` and the Agg canvas (no pyplot, no global state). A
``ChartPainter`` builds the figure once and only moves its bars for each
summary: a Monday's hundreds of charts cost their drawing, not the building
of hundreds of figures. One painter is used by one thread at a time.
"""

from __future__ import annotations

import io
from functools import lru_cache
from typing import Any

from babel.dates import format_date
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator

from bot.rules.timefmt import long_date
from bot.services.summary import WeeklySummary
from bot.services.summary_days import GROUPS
from bot.summary_views import percent
from bot.texts import shorten, text

WIDTH_IN, HEIGHT_IN, DPI = 9.0, 5.0, 100
DAYS = 7
# the colours operators give the codes in their recaps
COLOURS = {"H": "#2e7d32", "TL": "#f9a825", "PSW": "#ef6c00", "TK": "#c62828",
           "leave": "#1565c0"}
GIVEN, DONE, OVERDUE = "#90a4ae", "#43a047", "#c62828"
INK, MUTED, GRID, OFF_DAY, EDGE = "#263238", "#78909c", "#e6e9eb", "#eceff1", "#b0bec5"
TITLE_MAX, FOOTNOTE_MAX = 72, 150
HEADROOM = 1.2  # above the highest bar: room for the "libur" marks


def _locale(lang: str) -> str:
    return "id" if lang == "id" else "en_GB"



class _Panel:
    """One axes: its frame, the shading and marks of days off, its legend."""

    def __init__(self, ax: Axes, title: str, lang: str) -> None:
        self.lang = lang
        self.ax = ax
        ax.set_xlim(-0.5, DAYS - 0.5)
        ax.set_xticks(range(DAYS))
        ax.set_title(title, loc="left", fontsize=11, color=INK, fontweight="bold", pad=8)
        ax.grid(axis="y", color=GRID, lw=0.8)
        ax.set_axisbelow(True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        for side in ("left", "bottom"):
            ax.spines[side].set_color(EDGE)
        ax.tick_params(colors=INK, labelsize=9, length=0)
        ax.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
        band = ax.get_xaxis_transform()  # x in days, y from 0 (bottom) to 1 (top)
        self.shades = [ax.add_patch(Rectangle((n - 0.5, 0), 1, 1, transform=band,
                                              color=OFF_DAY, lw=0, zorder=0.5))
                       for n in range(DAYS)]
        self.marks = [ax.text(n, 0.97, text("summary.chart.off", lang), transform=band,
                              ha="center", va="top", fontsize=8, color=MUTED, style="italic")
                      for n in range(DAYS)]

    def legend(self, handles: list[Any]) -> None:  # bars (containers) and lines
        self.ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.13),
                       ncol=3, frameon=False, fontsize=8, handlelength=1.2, columnspacing=1.0)

    def show(self, labels: list[str], working: list[bool], closed: list[bool],
             highest: int) -> None:
        self.ax.set_xticks(range(DAYS), labels)
        for tick, worked in zip(self.ax.get_xticklabels(), working, strict=True):
            tick.set_color(INK if worked else MUTED)
        for shade, mark, worked, known in zip(self.shades, self.marks, working, closed,
                                              strict=True):
            shade.set_visible(not worked)
            mark.set_visible(not worked)
            # a day nobody's record covers is not a day off: Hadir did not judge it
            mark.set_text(text("summary.chart.off" if known else "summary.chart.unknown",
                               self.lang))
        self.ax.set_ylim(0, max(highest * HEADROOM, 4))


class ChartPainter:
    """The chart of any week in one language: built once, painted per summary."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.figure = figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI, facecolor="white")
        FigureCanvasAgg(figure)
        # names as typed: a "$…$" in a unit's or a holiday's name is no formula
        self.title: Text = figure.text(0.03, 0.955, "", fontsize=13, fontweight="bold",
                                       color=INK, va="top", parse_math=False)
        self.week: Text = figure.text(0.03, 0.895, "", fontsize=9.5, color=MUTED, va="top")
        self.rates: Text = figure.text(0.97, 0.895, "", fontsize=10, color=INK, va="top",
                                       ha="right", fontweight="bold")
        self.footnote: Text = figure.text(0.03, 0.03, "", fontsize=8, color=MUTED,
                                          parse_math=False)
        zero = [0] * DAYS
        self.people = _Panel(figure.add_axes((0.06, 0.27, 0.50, 0.53)),
                             text("summary.chart.attendance", lang), lang)
        self.stacks: dict[str, BarContainer] = {
            group: self.people.ax.bar(range(DAYS), zero, 0.62, color=COLOURS[group], zorder=2,
                                      label=text(f"summary.chart.{group}", lang))
            for group in GROUPS}
        self.people.legend(list(self.stacks.values()))
        self.flow = _Panel(figure.add_axes((0.64, 0.27, 0.33, 0.53)),
                           text("summary.chart.tasks", lang), lang)
        xs = range(DAYS)
        self.given = self.flow.ax.bar([x - 0.19 for x in xs], zero, 0.36, color=GIVEN, zorder=2,
                                      label=text("summary.chart.given", lang))
        self.done = self.flow.ax.bar([x + 0.19 for x in xs], zero, 0.36, color=DONE, zorder=2,
                                     label=text("summary.chart.done", lang))
        [self.overdue] = self.flow.ax.plot(list(xs), zero, color=OVERDUE, marker="o", ms=4,
                                           lw=1.8, zorder=3,
                                           label=text("summary.chart.overdue", lang))
        self.flow.legend([self.given, self.done, self.overdue])

    def render(self, summary: WeeklySummary) -> bytes:
        """The PNG of ``summary``'s week."""
        lang, days = self.lang, summary.days
        name = summary.unit.name
        if summary.supervisor_name is not None:
            name = f"{summary.supervisor_name} · {name}"
        self.title.set_text(shorten(name, TITLE_MAX))
        self.week.set_text(f"{long_date(summary.monday, lang)} – {long_date(summary.sunday, lang)}")
        attendance = summary.attendance
        self.rates.set_text(text("summary.chart.rates", lang,
                                 rate=percent(attendance.attendance_rate, lang),
                                 on_time=percent(attendance.on_time_rate, lang)))
        bottoms = [0] * DAYS
        for group in GROUPS:
            for bar, day, bottom in zip(self.stacks[group], days, bottoms, strict=True):
                bar.set_y(bottom)
                bar.set_height(day.people[group])
            bottoms = [b + d.people[group] for b, d in zip(bottoms, days, strict=True)]
        for bars, values in ((self.given, [d.given for d in days]),
                             (self.done, [d.done for d in days])):
            for bar, value in zip(bars, values, strict=True):
                bar.set_height(value)
        self.overdue.set_ydata([d.overdue for d in days])
        labels = [format_date(d.day, "EEE\nd", locale=_locale(lang)) for d in days]
        working = [d.working for d in days]
        closed = [d.closed for d in days]
        self.people.show(labels, working, closed, max(bottoms))
        self.flow.show(labels, working, closed,
                       max(max(d.given, d.done, d.overdue) for d in days))
        named = [f"{format_date(d.day, 'EEE d MMM', locale=_locale(lang))}: {d.holiday}"
                 for d in days if d.holiday]
        self.footnote.set_text(shorten(text("summary.chart.holidays", lang,
                                          days=" · ".join(named)), FOOTNOTE_MAX) if named else "")
        out = io.BytesIO()
        self.figure.savefig(out, format="png", dpi=DPI, facecolor="white")
        return out.getvalue()


@lru_cache(maxsize=len(("id", "en")))
def _painter(lang: str) -> ChartPainter:
    return ChartPainter(lang)


def draw(summary: WeeklySummary, lang: str) -> bytes:
    """The PNG of a summary, with this process's painter of ``lang`` (kept:
    a worker process draws many)."""
    return _painter(lang).render(summary)


def render_chart(summary: WeeklySummary, lang: str) -> bytes:
    """The PNG of one summary (many: keep a ``ChartPainter`` per language)."""
    return ChartPainter(lang).render(summary)
