"""Where a digest chart's axes go: the margins matplotlib's constrained layout gives a
figure of one axes, a title on top and a legend below, worked out once from the texts'
extents.

Constrained layout measures everything twice at every draw; this measures the tick
labels, the title, the legend and the figures beside the bars once, on the renderer the
chart is then drawn with, so the draw finds every text measured already.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.legend import Legend
    from matplotlib.text import Text

__all__ = ["PAD", "fit"]

PAD = 3 / 72
"""Inches between the texts and the figure's edges, and between title, axes and legend:
constrained layout's default ``h_pad`` and ``w_pad``."""


def fit(fig: Figure, ax: Axes, title: Text, legend: Legend) -> None:
    """Place ``ax`` between ``title`` (centred at the top) and ``legend`` (centred at the
    bottom), its tick labels inside the left and bottom edges, and the texts drawn in it
    and its x tick labels (which move with its right edge) inside the right one.

    Attaches an Agg canvas to ``fig``: ``figure_png`` draws on it, with the text extents
    measured here.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(fig).get_renderer()  # type: ignore[no-untyped-call]  # untyped
    width, height = fig.bbox.width, fig.bbox.height
    pad = PAD * fig.dpi
    title.set_verticalalignment("top")
    title.set_y(1 - pad / height)
    if title.get_wrap():  # wrapping measures it word by word at every draw: only if it must
        title.set_wrap(False)
        title.set_wrap(title.get_window_extent(renderer).width > width)
    now = ax.get_window_extent(renderer)  # where the axes are before this: offsets from it
    ticks_x = ax.xaxis.get_tightbbox(renderer)
    # the y tick labels: every one is drawn (the charts set them), and measuring them is
    # half the time of the axis' own bounding box (which updates every tick first)
    labels_y = [tick.label1.get_window_extent(renderer) for tick in ax.yaxis.get_major_ticks()]
    left = pad + max(now.x0 - box.x0 for box in (now, ticks_x, *labels_y) if box)
    # the legend sits its border pad above the bottom edge (legend.loc "lower center")
    bottom = legend.get_window_extent(renderer).height + 3 * pad
    bottom += now.y0 - ticks_x.y0 if ticks_x else 0.0
    top = title.get_window_extent(renderer).y0 - 2 * pad
    right = width - pad
    # the figures beside the bars and the x tick labels stand at a share of the axes' width
    low, high = ax.get_xlim()
    for text in [*ax.texts, *(tick.label1 for tick in ax.xaxis.get_major_ticks())]:
        share = (text.get_position()[0] - low) / (high - low)
        if 0 < share <= 1 and text.get_visible() and text.get_text():
            beyond = text.get_window_extent(renderer).x1 - (now.x0 + share * now.width)
            right = min(right, left + (width - pad - beyond - left) / share)
    ax.set_position(
        (left / width, bottom / height, (right - left) / width, (top - bottom) / height)
    )
