"""Markdown to reader-safe HTML (articles/rendering.py).

Whatever an editor types or pastes, the HTML that reaches readers carries no
script, no event handler and no link to a script or data URL; and the
things editors are meant to use (headings, tables, callouts, citations, the
emergency number) come out right.
"""

import re
from html.parser import HTMLParser

import pytest
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.rendering import (
    ALLOWED_CLASSES,
    ALLOWED_TAGS,
    citation_problems,
    render_body,
)

REFERENCES = [{"key": "allen2012"}, {"key": "garrison2012"}, {"key": "nice-cks"}]


class Elements(HTMLParser):
    """Every element and its attributes, as a browser's parser would see them
    (character references in attribute values decoded)."""

    def __init__(self, markup):
        super().__init__(convert_charrefs=True)
        self.elements = []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))

    handle_startendtag = handle_starttag


def elements(markup):
    return Elements(markup).elements


def render(body, references=REFERENCES):
    return render_body(body, references).html


URL_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.IGNORECASE)
C0_AND_SPACE = "".join(chr(code) for code in range(0x21))
# The site's own wrapper round tables, added after sanitising.
SITE_CLASSES = {**ALLOWED_CLASSES, "div": ALLOWED_CLASSES["div"] | {"table-wrap"}}


def as_browser_reads(url):
    """A URL the way the WHATWG URL parser sees it: leading and trailing
    controls and spaces dropped, tabs and newlines removed everywhere."""
    return re.sub(r"[\t\n\r]", "", url.strip(C0_AND_SPACE))


def assert_safe(markup):
    """The checks a browser's point of view needs, on parsed HTML."""
    assert "<script" not in markup.lower()
    for tag, attrs in elements(markup):
        assert tag in ALLOWED_TAGS, (tag, markup)
        for name, value in attrs.items():
            assert not name.lower().startswith("on"), (tag, name, markup)
            assert name.lower() != "style", (tag, markup)
            if name.lower() in {"href", "src", "action", "formaction", "xlink:href"}:
                scheme = URL_SCHEME.match(as_browser_reads(value))
                assert scheme is None or scheme.group(1).lower() in {"http", "https", "mailto"}, (value, markup)
            if name == "class":
                assert set(value.split()) <= SITE_CLASSES.get(tag, set()), (tag, value, markup)


# --- Dangerous input is removed ---------------------------------------------------


@pytest.mark.parametrize(
    "body,gone",
    [
        ("Before\n\n<script>alert(document.cookie)</script>\n\nAfter", "alert(document.cookie)"),
        ("Text <script src=https://evil.example/x.js></script> text", "evil.example"),
        ('<img src="x" onerror="alert(1)">', "onerror"),
        ('<a href="https://example.org" onclick="alert(1)">link</a>', "onclick"),
        ('<body onload="alert(1)">Hello</body>', "onload"),
        ('<p onmouseover="alert(1)">Hover</p>', "onmouseover"),
        ('<iframe src="https://evil.example"></iframe>', "iframe"),
        ('<object data="https://evil.example/x.swf"></object>', "object"),
        ('<embed src="https://evil.example/x.swf">', "embed"),
        ('<svg onload="alert(1)"><circle r="1"/></svg>', "svg"),
        ('<math><mi xlink:href="javascript:alert(1)">x</mi></math>', "javascript"),
        ('<form action="https://evil.example"><input name="pw"></form>', "form"),
        ("<style>body { display: none }</style>Text", "display: none"),
        ('<p style="position:fixed;top:0">Overlay</p>', "position:fixed"),
        ('<div class="admonition danger evil-class">Boxed</div>', "evil-class"),
        ("<!-- a hidden comment --> Visible", "hidden comment"),
    ],
)
def test_dangerous_html_is_removed(body, gone):
    html = render(body)
    assert gone not in html
    assert_safe(html)


@pytest.mark.parametrize(
    "body",
    [
        "[Click me](javascript:alert(1))",
        "[Click me](JaVaScRiPt:alert(1))",
        "[Click me](jav&#x09;ascript:alert(1))",
        "[Click me](jav&#x0A;ascript:alert(1))",
        "[Click me](&#106;avascript:alert(1))",
        "[Click me]( javascript:alert(1))",
        '<a href="jav&#x09;ascript:alert(1)">Click me</a>',
        '<a href="JAVASCRIPT:alert(1)">Click me</a>',
        '<a href="  javascript:alert(1)">Click me</a>',
        "[Click me](vbscript:msgbox(1))",
        "[Click me](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        '<a href="data:text/html,<script>alert(1)</script>">Click me</a>',
        "![a picture](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
        '<img src="javascript:alert(1)">',
        "<javascript:alert(1)>",
        "[Click me][evil]\n\n[evil]: javascript:alert(1)",
    ],
)
def test_script_and_data_urls_are_removed(body):
    html = render(body)
    for _tag, attrs in elements(html):
        for name in ("href", "src"):
            value = as_browser_reads(attrs.get(name, "")).lower()
            assert not value.startswith(("javascript:", "vbscript:", "data:")), html
    assert "<img" not in html  # images are not allowed at all
    assert_safe(html)


@pytest.mark.parametrize(
    "body",
    [
        # Tables are wrapped after sanitising; a "<table>" inside an attribute
        # value must not let the wrapper's quotes end the attribute early.
        '<a title="<table><img src=x onerror=alert(1)>">x</a>',
        '<abbr title="<table><meta http-equiv=refresh content=0;url=https://evil.example>">WHO</abbr>',
        "<a href='https://example.org/<table><svg onload=alert(1)>'>x</a>",
        # Markup that only looks like a tag inside an attribute.
        "<a href='\"><script>alert(1)</script>'>x</a>",
        '<a title="</p><script>alert(1)</script>">x</a>',
    ],
)
def test_markup_inside_an_attribute_value_never_becomes_markup(body):
    html = render(body)
    assert "<script" not in html.lower()
    assert [tag for tag, _ in elements(html)] in (["p", "a"], ["p", "abbr"])
    assert_safe(html)


def test_safe_links_are_kept_and_opened_without_leaking_the_opener():
    html = render("See [the NHS page](https://www.nhs.uk/conditions/leg-cramps/) or [email us](mailto:a@example.org).")
    links = [attrs for tag, attrs in elements(html) if tag == "a"]
    assert [link["href"] for link in links] == ["https://www.nhs.uk/conditions/leg-cramps/", "mailto:a@example.org"]
    assert all(link["rel"] == "noopener noreferrer" for link in links)


@pytest.mark.parametrize(
    "body",
    [
        'A paragraph\n{: onclick="alert(1)" }',
        'A paragraph {: onclick="alert(1)" }',
        '## A heading {: onmouseover="alert(1)" }',
        'A paragraph\n{: style="position:fixed;top:0;left:0;width:100%;height:100%" }',
        '## A heading {: style="display:none" }',
        '[a link](https://example.org){: onclick="alert(1)" }',
        "A paragraph\n{: .admonition .danger #main }",
    ],
)
def test_attribute_list_syntax_cannot_add_attributes(body):
    html = render(body)
    assert_safe(html)
    for tag, attrs in elements(html):
        assert "onclick" not in attrs and "onmouseover" not in attrs and "style" not in attrs
        if tag == "p":
            assert "class" not in attrs and "id" not in attrs


# --- What editors are meant to use comes out right ---------------------------------


def test_headings_get_anchors_and_a_table_of_contents():
    rendered = render_body(
        "## What a cramp feels like\n\nText.\n\n### At night\n\nMore.\n\n## When to get help\n\nEnd.", []
    )
    headings = [(tag, attrs.get("id")) for tag, attrs in elements(rendered.html) if tag in {"h2", "h3"}]
    assert headings == [("h2", "what-a-cramp-feels-like"), ("h3", "at-night"), ("h2", "when-to-get-help")]
    toc_links = [attrs["href"] for tag, attrs in elements(rendered.toc_html) if tag == "a"]
    assert toc_links == ["#what-a-cramp-feels-like", "#at-night", "#when-to-get-help"]
    assert rendered.headings == ["What a cramp feels like", "When to get help"]


def test_only_long_articles_get_a_table_of_contents_on_the_page():
    short = render_body("## One\n\n## Two\n\n## Three", [])
    long = render_body("## One\n\n## Two\n\n## Three\n\n## Four", [])
    assert short.toc_html and short.page_toc == ""
    assert long.page_toc == long.toc_html != ""


def test_a_heading_with_markup_is_escaped_in_the_table_of_contents():
    rendered = render_body('## Cramps & <b onclick="x()">clots</b>', [])
    assert_safe(rendered.toc_html)
    assert "Cramps &amp;" in rendered.toc_html


def test_tables_render_in_a_scrollable_labelled_region():
    html = render("| Sign | Cramp | Clot |\n|------|-------|------|\n| Starts | Suddenly | Slowly |")
    tags = [tag for tag, _ in elements(html)]
    assert tags[:2] == ["div", "table"]
    assert tags.count("th") == 3 and tags.count("td") == 3
    wrapper = elements(html)[0][1]
    assert wrapper == {"class": "table-wrap", "tabindex": "0", "role": "region", "aria-label": "Table"}
    assert "<td>Suddenly</td>" in html


@pytest.mark.parametrize("kind", ["danger", "warning", "note"])
def test_admonitions_become_callouts(kind):
    html = render(f'!!! {kind} "Get help now"\n    Call a doctor today.')
    found = elements(html)
    assert found[0] == ("div", {"class": f"admonition {kind}"})
    assert found[1] == ("p", {"class": "admonition-title"})
    assert "Get help now" in html and "Call a doctor today." in html


def test_an_unknown_admonition_type_keeps_only_the_allowed_classes():
    html = render('!!! danger sparkle "Careful"\n    Text.\n\n!!! tip "Hint"\n    More.')
    assert [attrs.get("class") for tag, attrs in elements(html) if tag == "div"] == ["admonition danger", "admonition"]
    assert "sparkle" not in html and "tip" not in html.replace("Hint", "")
    assert_safe(html)


def test_citations_become_numbered_links_to_the_reference_list():
    rendered = render_body("Cramps are common [ref:garrison2012]. Stretching helps [ref:allen2012][ref:nice-cks].",
                           REFERENCES)  # fmt: skip
    links = [(attrs["href"], attrs["title"]) for tag, attrs in elements(rendered.html) if tag == "a"]
    assert links == [("#ref-2", "Reference 2"), ("#ref-1", "Reference 1"), ("#ref-3", "Reference 3")]
    assert ">[2]</a></sup>" in rendered.html
    assert [attrs for tag, attrs in elements(rendered.html) if tag == "sup"] == [{"class": "citation"}] * 3
    assert rendered.unknown_citations == []


def test_unknown_citation_keys_are_reported_and_marked():
    rendered = render_body("Magnesium helps [ref:magnesium2020]. Quinine too [ref:allen2012].", REFERENCES)
    assert rendered.unknown_citations == ["magnesium2020"]
    assert "[magnesium2020?]" in rendered.html
    assert [attrs["href"] for tag, attrs in elements(rendered.html) if tag == "a"] == ["#ref-1"]


def test_citation_problems_name_unknown_and_uncited_references():
    problems = citation_problems("Cramps [ref:allen2012] and [ref:nope] and [ref:nope].", REFERENCES)
    assert problems == [
        "[ref:nope] does not match any reference key.",
        "Reference “garrison2012” is listed but never cited.",
        "Reference “nice-cks” is listed but never cited.",
    ]
    assert citation_problems("Cramps [ref:allen2012].", [{"key": "allen2012"}]) == []


@override_settings(EMERGENCY_NUMBER="112")
def test_the_emergency_number_comes_from_settings():
    html = render(
        '!!! danger "Call [emergency-number] if"\n    you find it hard to breathe.\n\nOr call [emergency-number].'
    )
    assert html.count("112") == 2
    assert "[emergency-number]" not in html and "999" not in html


@override_settings(EMERGENCY_NUMBER="112")
def test_the_emergency_number_follows_the_setting_when_it_changes():
    assert "Call 112 now." in render("Call [emergency-number] now.")


REGION_BODY = (
    "Call [emergency-number] now. If not, call [urgent-line] or your [gp-practice] today. "
    "Ask your [gp]. Go to [emergency-department]. For poisons: [poisons-line]. Today, call [same-day-help]."
)


@override_settings(SITE_REGION="uk", EMERGENCY_NUMBER="")
def test_region_placeholders_use_the_uk_services():
    html = render(REGION_BODY)
    assert "Call 999 now. If not, call NHS 111 or your GP surgery today. Ask your GP. Go to A&amp;E." in html
    assert "For poisons: NHS 111. Today, call your GP surgery or NHS 111." in html
    assert "[" not in html and "911" not in html and "doctor's office" not in html


@override_settings(SITE_REGION="us", EMERGENCY_NUMBER="")
def test_region_placeholders_use_the_us_services():
    html = render(REGION_BODY)
    assert "Call 911 now." in html
    assert "call your doctor's office or an urgent care center or your doctor's office today" in html
    assert "Ask your doctor. Go to the emergency room. For poisons: Poison Help (1-800-222-1222)." in html
    assert "Today, call your doctor's office or an urgent care center." in html
    assert "[" not in html and "999" not in html and "GP" not in html and "NHS" not in html


def test_plain_text_has_no_markup():
    rendered = render_body("## Title\n\nA **bold** claim &amp; more [ref:allen2012].", REFERENCES)
    assert rendered.plain_text == "Title A bold claim & more."


# --- Fuzz: whatever the text, the output is safe -------------------------------------

FRAGMENTS = [
    "<script>alert(1)</script>", "<SCRIPT SRC=//evil.example/x.js>", "<scr<script>ipt>alert(1)</script>",
    '<img src=x onerror=alert(1)>', '<a href="javascript:alert(1)">x</a>', "[x](javascript:alert(1))",
    "[x](jav&#x09;ascript:alert(1))", "[x](JaVaScRiPt:alert(1))", "[x](data:text/html,hi)",
    "![x](data:image/png;base64,AAAA)", '{: onclick="alert(1)" }', '{: style="color:red" }',
    "<iframe src=//evil.example>", "<object data=x>", "<svg onload=alert(1)>", "<body onload=alert(1)>",
    '<div onmouseover="x">', '" onfocus="alert(1)', "' onblur='alert(1)", "<a href='", '">', "<",
    "&#x6A;avascript:", "&lt;script&gt;", "`<script>`", "```\n<script>\n```\n", "[ref:allen2012]", "[ref:nope]",
    "[emergency-number]", "\n\n## Heading\n\n", "\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n", '!!! danger "T"\n    ',
    "\n    ", "\n\n", "> quote ", "* item\n", "1. item\n", "**bold** ", "_em_ ", "<!--", "-->", "<![CDATA[",
    "<math><mi xlink:href=javascript:alert(1)>", "<form action=javascript:alert(1)><button>",
    "<a href=\"&#106;avascript:alert(1)\">", "<a href=\"java\tscript:alert(1)\">", "[x]: javascript:alert(1)\n",
]  # fmt: skip

bodies = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=30)), max_size=25).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=bodies)
def test_fuzz_no_script_event_handler_or_script_url_survives(body):
    html = render_body(body, [{"key": "allen2012"}]).html
    assert "<script" not in html.lower()
    assert not re.search(r"<[^>]*\son\w+\s*=", html, re.IGNORECASE)
    for _tag, attrs in elements(html):
        for name, value in attrs.items():
            assert not name.lower().startswith("on")
            if name in {"href", "src"}:
                url = as_browser_reads(value).lower()
                assert not url.startswith(("javascript:", "data:", "vbscript:")), html
    assert_safe(html)


@settings(max_examples=200, deadline=None)
@given(body=st.text(max_size=200))
def test_fuzz_arbitrary_unicode_text_renders_safely(body):
    html = render_body(body, []).html
    assert "<script" not in html.lower()
    assert_safe(html)


def test_a_citation_mark_sits_against_the_word_it_supports():
    text = "Cramps are common at night [ref:allen2012]. Stretching helps [ref:allen2012] [ref:garrison2012]."
    html = render_body(text, REFERENCES).html
    assert 'night<sup class="citation">' in html
    assert 'helps<sup class="citation"><a href="#ref-1"' in html
    assert '</sup><sup class="citation"><a href="#ref-2"' in html
