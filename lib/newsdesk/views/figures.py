"""Figures that carry their alternative text, for the report pages.

A ``ReportFigure`` is a matplotlib ``Figure`` with an ``alt`` text. A notebook shows it as a
PNG whose output metadata holds the text (``{"image/png": {"alt": ...}}``); the report page
(``newsdesk.pipeline.render``) makes that the image's ``alt`` attribute, so a reader who cannot
see the plot (a screen reader, an image blocked by a mail client) is told what it shows.

>>> fig = ReportFigure(figsize=(1, 1)); fig.alt = "An empty plot."
>>> data, meta = fig._repr_mimebundle_()
>>> meta, data["text/plain"], data["image/png"][:8]
({'image/png': {'alt': 'An empty plot.'}}, 'An empty plot.', 'iVBORw0K')
"""

from __future__ import annotations

import base64
import io

from matplotlib.figure import Figure


class ReportFigure(Figure):
    """A ``Figure`` with ``alt``: what the plot shows, in one or two sentences."""

    alt: str = ""

    def png(self) -> bytes:
        """The figure as PNG bytes, drawn as the notebook's inline backend draws a figure (tight box, figure dpi)."""
        buf = io.BytesIO()
        self.savefig(buf, format="png", bbox_inches="tight", dpi=self.dpi,
                     facecolor=self.get_facecolor(), edgecolor=self.get_edgecolor())
        return buf.getvalue()

    def _repr_mimebundle_(self, include=None, exclude=None):
        # IPython asks for this before its type-registered PNG printer for Figure, so the
        # alt text reaches the output whether or not the inline backend is active
        data = {"image/png": base64.b64encode(self.png()).decode("ascii"), "text/plain": self.alt or repr(self)}
        return data, ({"image/png": {"alt": self.alt}} if self.alt else {})


def with_alt(fig: ReportFigure, alt: str) -> ReportFigure:
    """Set ``fig.alt`` and return ``fig`` (the last line of a figure function)."""
    fig.alt = " ".join(alt.split())
    return fig
