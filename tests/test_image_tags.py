"""The [image:slug] tag: what it renders, what can never forge a picture, and
the problems editors are told about before they can submit."""

import re

import pytest

from articles import images
from articles.models import Status
from articles.rendering import citation_problems, render_body
from articles.workflow import WorkflowError, perform
from tests.factories import ArticleFactory, editor
from tests.image_factories import CALF_STRETCH_ALT, library_image

pytestmark = pytest.mark.django_db

REFERENCES = [{"key": "allen2012"}]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def calf_stretch():
    return library_image(slug="calf-stretch", caption="Hold for 30 seconds.", credit="Drawing: Leg Cramp Guide")


def html_of(body):
    return render_body(body, []).html


def body_with(tag_line):
    return f"## Stretch your calf\n\nStand facing a wall.\n\n{tag_line}\n\nHold it for 30 seconds."


# --- What a known tag renders -------------------------------------------------------


def test_a_tag_on_its_own_line_becomes_a_sized_lazy_picture_with_webp_and_a_fallback(calf_stretch):
    page = html_of(body_with("[image:calf-stretch]"))
    figure = re.search(r"<figure.*?</figure>", page, re.S).group(0)
    jpeg = {r.width: r for r in calf_stretch.renditions.filter(format="jpeg")}
    webp = {r.width: r for r in calf_stretch.renditions.filter(format="webp")}
    source = re.search(r'<source type="image/webp" srcset="([^"]+)" sizes="[^"]+">', figure)
    assert source.group(1) == ", ".join(f"/media/{webp[w].file.name} {w}w" for w in sorted(webp))
    img = re.search(r"<img [^>]+>", figure).group(0)
    assert f'src="/media/{jpeg[640].file.name}"' in img
    assert 'srcset="' + ", ".join(f"/media/{jpeg[w].file.name} {w}w" for w in sorted(jpeg)) + '"' in img
    assert 'width="1280" height="960"' in img  # the largest copy's shape, so nothing jumps as it loads
    assert f'alt="{CALF_STRETCH_ALT}"' in img and 'loading="lazy"' in img and "sizes=" in img
    assert "<figcaption>Hold for 30 seconds. " in figure and "Drawing: Leg Cramp Guide" in figure
    # The text around it is untouched, and the tag itself is gone.
    assert "<p>Stand facing a wall.</p>" in page and "[image:" not in page


def test_a_picture_narrower_than_the_column_is_marked_to_keep_its_own_size():
    library_image(slug="small-drawing", width=400, height=300)
    assert 'class="article-image article-image--narrow"' in html_of("[image:small-drawing]")


def test_alt_text_caption_and_credit_are_escaped():
    library_image(slug="quotes", alt_text='A leg with a "stretch" band <script>alert(1)</script>',
                  caption="Caption <b>bold</b> & more", credit="Photo: <img src=x onerror=alert(1)>")  # fmt: skip
    page = html_of("[image:quotes]")
    assert "<script" not in page and "<b>" not in page and "onerror=alert" not in page.replace("onerror=alert(1)&gt;", "")
    assert 'alt="A leg with a &quot;stretch&quot; band &lt;script&gt;alert(1)&lt;/script&gt;"' in page
    assert page.count("<img ") == 1


def test_a_tag_inside_a_quote_or_a_callout_is_a_picture_too(calf_stretch):
    quoted = html_of("> [image:calf-stretch]")
    callout = html_of('!!! note "Try this"\n    Lean on a wall.\n\n    [image:calf-stretch]')
    assert "<blockquote>" in quoted and "<picture>" in quoted
    assert 'class="admonition note"' in callout and "<picture>" in callout
    assert citation_problems("> [image:calf-stretch]", []) == []


def test_the_preview_shows_the_picture_and_names_problems_with_tags(client, calf_stretch):
    article = ArticleFactory(body=body_with("[image:calf-stretch]") + "\n\n[image:not-uploaded-yet]\n")
    client.force_login(editor())
    page = client.get(f"/admin/articles/article/{article.pk}/preview/").content.decode()
    assert page.count("<picture>") == 1 and f'alt="{CALF_STRETCH_ALT}"' in page
    assert "[image:not-uploaded-yet] does not match any image in the image library." in page


# --- Nothing else can forge one ------------------------------------------------------


FORGERIES = {
    "raw picture": '<picture><source srcset="/media/x.webp"><img src="/media/x.jpg" alt="x"></picture>',
    "raw img": '<img src="/media/images/calf-stretch/a-640w.jpeg" onerror="alert(1)">',
    "markdown image": "![A calf](/media/images/calf-stretch/a-640w.jpeg)",
    "escaped paragraph": "&lt;p&gt;[image:calf-stretch]&lt;/p&gt;",
    "inline code": "`[image:calf-stretch]`",
    "code block": "    [image:calf-stretch]",
    "fenced": "```\n[image:calf-stretch]\n```",
    "in a sentence": "Stand like this [image:calf-stretch] and hold.",
    "in a list": "- [image:calf-stretch]",
    "as a link": "[image:calf-stretch](https://example.org/)",
    "in a title": '<a href="https://example.org/" title="<p>[image:calf-stretch]</p>">a link</a>',
    "upper case": "[IMAGE:calf-stretch]",
    "with spaces": "[image: calf-stretch]",
    "typed paragraph": '<figure onclick="x()"><p class="evil" onclick="x()">[image:calf-stretch]</p></figure>',
}


@pytest.mark.parametrize("text", FORGERIES.values(), ids=FORGERIES.keys())
def test_no_typed_markup_becomes_a_picture(calf_stretch, text):
    page = html_of(f"Before.\n\n{text}\n\nAfter.")
    assert "<img" not in page and "<picture" not in page and "<source" not in page, page
    assert "<figure" not in page and "onclick" not in page


def test_an_unknown_image_renders_no_picture_and_is_a_problem_before_submitting():
    body = body_with("[image:no-such-picture]")
    assert "<img" not in html_of(body) and "[image:no-such-picture]" in html_of(body)
    assert citation_problems(body, []) == ["[image:no-such-picture] does not match any image in the image library."]


def test_a_tag_in_the_middle_of_a_sentence_is_a_problem(calf_stretch):
    assert citation_problems("Stand like this [image:calf-stretch] and hold.", []) == [
        "Put [image:calf-stretch] on a line of its own, with an empty line before and after it."
    ]
    assert citation_problems("Stand like this:\n[image:calf-stretch]\n", []) != []


def test_a_body_without_tags_asks_the_database_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert images.tag_problems("## Cramps\n\nNo pictures [ref:allen2012].") == []
        render_body("## Cramps\n\nNo pictures.", [])


def test_an_editor_cannot_submit_an_article_showing_an_image_that_is_not_in_the_library():
    writer = editor()
    article = ArticleFactory(body=body_with("[image:missing-picture]") + "\n\nCramps [ref:allen2012].\n",
                             status=Status.DRAFT)  # fmt: skip
    with pytest.raises(WorkflowError, match=r"\[image:missing-picture\] does not match any image"):
        perform(article, writer, "submit")
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    library_image(slug="missing-picture")
    perform(article, writer, "submit")
    article.refresh_from_db()
    assert article.status == Status.SUBMITTED


def test_review_lines_name_each_image_with_its_words(calf_stretch):
    lines = images.review_lines(body_with("[image:calf-stretch]"))
    assert lines[0].startswith("Image [image:calf-stretch] (1600 × 1200, sha256 ")
    assert lines[1:] == [f"    Alt text: {CALF_STRETCH_ALT}", "    Caption: Hold for 30 seconds.",
                         "    Credit: Drawing: Leg Cramp Guide"]  # fmt: skip
