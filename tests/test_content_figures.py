"""Our stretch drawings: `[figure:NAME]` in an article becomes a figure with
alt text, a caption and a fixed size, from an allow-list; nothing an editor
types can add any other image or attribute.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from articles import bundled, figures
from articles.readability import plain_text
from articles.rendering import render_body

STRETCHES_ARTICLE = "stretches-for-leg-cramps"
IMG = re.compile(r"<img ([^>]*)>")


def attributes(tag):
    return dict(re.findall(r'(\w+)="([^"]*)"', tag))


def test_a_known_placeholder_becomes_a_figure_with_alt_text_caption_and_size():
    html = render_body("Before.\n\n[figure:calf-stretch]\n\nAfter.", []).html
    assert html.count("<figure") == 1 and "[figure:" not in html
    img = attributes(IMG.search(html).group(1))
    assert img["src"] == f"{settings.STATIC_URL}img/stretches/calf-stretch.svg"
    assert img["width"] == "400" and img["height"] == "300"
    assert "wall" in img["alt"] and len(img["alt"]) > 40
    assert "<figcaption>Calf stretch:" in html


def test_every_figure_file_exists_and_is_our_own_svg():
    folder = Path(settings.BASE_DIR) / "static" / figures.FOLDER
    for name, figure in figures.FIGURES.items():
        svg = (folder / figure.file).read_text(encoding="utf-8")
        assert svg.startswith("<svg") and "<title" in svg, name
        # No scripts, no links out, no images from anywhere else.
        assert not re.search(r"<script|href=|xlink|<image|https?://(?!www\.w3\.org/2000/svg)", svg), name
        assert f'viewBox="0 0 {figure.width} {figure.height}"' in svg, name


@pytest.mark.parametrize(
    "body",
    [
        "[figure:not-a-figure]",
        "Text [figure:calf-stretch] in a sentence.",
        "`[figure:calf-stretch]`",
        '[figure:calf-stretch" onerror="alert(1)]',
    ],
)
def test_nothing_but_a_known_name_on_its_own_line_becomes_an_image(body):
    html = render_body(body, []).html
    assert "<img" not in html and not re.search(r"<[^>]*onerror", html)


def test_an_editors_own_image_is_dropped_and_only_our_figure_remains():
    html = render_body('<img src="https://evil.example/x.png" onerror="alert(1)">[figure:calf-stretch]', []).html
    assert "evil" not in html and "onerror" not in html
    assert [attributes(tag)["src"] for tag in IMG.findall(html)] == [
        f"{settings.STATIC_URL}img/stretches/calf-stretch.svg"
    ]


def test_an_unknown_name_is_reported_for_the_editor():
    assert figures.unknown_figures("[figure:calf-stretch]\n\n[figure:yoga]") == ["yoga"]


def test_the_placeholder_is_not_scored_as_words():
    assert plain_text("Hold it.\n\n[figure:calf-stretch]\n") == "Hold it."


@pytest.mark.django_db
def test_the_stretches_article_shows_a_drawing_for_each_stretch():
    bundled.load()
    body = next(item.body for item in bundled.read_all() if item.slug == STRETCHES_ARTICLE)
    assert not figures.unknown_figures(body)
    page = Client().get(f"/articles/{STRETCHES_ARTICLE}/").content.decode()
    shown = [attributes(tag) for tag in IMG.findall(page)]
    files = {Path(img["src"]).name for img in shown}
    assert files == {"calf-stretch.svg", "hamstring-stretch.svg", "toes-pull-in-bed.svg"}
    for img in shown:
        assert img["alt"] and img["width"] and img["height"]
        assert Client().get(img["src"]).status_code == 200
    # The words work without the pictures: each stretch has numbered steps.
    assert page.count("<ol>") >= 3
    assert "Hold for 10 seconds" in page and "3 times" in page


def test_every_bundled_article_uses_only_drawings_we_have():
    unknown = {item.slug: figures.unknown_figures(item.body) for item in bundled.read_all()}
    assert not {slug: names for slug, names in unknown.items() if names}
