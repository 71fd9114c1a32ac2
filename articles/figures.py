"""Our own line drawings in articles: `[figure:NAME]` on a line of its own.

The sanitiser drops every <img> an editor writes. These few drawings are
ours, so after sanitising, `expand()` swaps each known placeholder for a
fixed <figure> built here (file, alt text, caption and size all from the
allow-list below). An unknown name is left as the text it is, and
`unknown_figures()` tells the editor.
"""

import html
import re
from dataclasses import dataclass

from django.conf import settings

# Unhashed paths: body HTML is stored at publish, and a hashed name from the
# manifest would break at the next deploy. WhiteNoise serves both names.
FOLDER = "img/stretches/"
PLACEHOLDER = re.compile(r"\[figure:([a-z0-9-]+)\]")
EXPANDED = re.compile(r"<p>\[figure:([a-z0-9-]+)\]</p>")


@dataclass(frozen=True)
class Figure:
    file: str
    alt: str
    caption: str
    width: int = 400
    height: int = 300

    def html(self):
        src = html.escape(f"{settings.STATIC_URL}{FOLDER}{self.file}")
        return (
            f'<figure class="article-figure"><img src="{src}" alt="{html.escape(self.alt)}" '
            f'width="{self.width}" height="{self.height}" decoding="async">'
            f"<figcaption>{html.escape(self.caption)}</figcaption></figure>"
        )


FIGURES = {
    "calf-stretch": Figure(
        "calf-stretch.svg",
        alt="Drawing of a person leaning with straight arms against a wall. The front knee is bent. "
        "The back leg is straight with its heel flat on the floor, and its calf is marked as where the pull is felt.",
        caption="Calf stretch: lean into the wall, back leg straight, back heel down.",
    ),
    "hamstring-stretch": Figure(
        "hamstring-stretch.svg",
        alt="Drawing of a person standing on one straight leg with the other heel on a low step, knee straight "
        "and toes up. They lean forward from the hips with a straight back; the back of the raised thigh is marked.",
        caption="Hamstring stretch: heel on a low step, knee straight, lean forward from the hips.",
    ),
    "toes-pull-in-bed": Figure(
        "toes-pull-in-bed.svg",
        alt="Drawing of a person sitting up in bed with one leg straight, pulling a towel looped round the ball "
        "of the foot so the toes point up towards them. The calf is marked as where the pull is felt.",
        caption="During a cramp in bed: leg straight, pull your toes up towards you, by hand or with a towel.",
    ),
}


def expand(safe_html):
    """Put our figures where the sanitised body has a known placeholder paragraph."""

    def replace(match):
        figure = FIGURES.get(match.group(1))
        return figure.html() if figure else match.group(0)

    return EXPANDED.sub(replace, safe_html)


def unknown_figures(body):
    return [name for name in dict.fromkeys(PLACEHOLDER.findall(body)) if name not in FIGURES]
