"""Markdown to safe HTML, done once per approved version (and for previews).

Python-Markdown turns the editor's text into HTML; nh3 (Ammonia) then keeps
only an allow-list of tags, attributes and URL schemes, so whatever an
editor pastes (a <script>, an onerror=, a javascript: link, an attr_list
trick) cannot reach a reader's browser.
"""

import html
import re
from dataclasses import dataclass, field

import markdown
import nh3
from django.utils.html import strip_tags

from articles import figures, images
from config.regions import current_region

CITATION = re.compile(r"\[ref:([A-Za-z0-9_-]+)\]")
# "night [ref:a]." is shown as "night[1]." : a citation mark sits against its word.
SPACE_BEFORE_CITATION = re.compile(r"(?<=\S)[ \t]+(?=\[ref:)")
CITATION_MARK = re.compile(r'<sup class="citation">.*?</sup>', re.S)
EMERGENCY_TOKEN = "[emergency-number]"  # noqa: S105 (a placeholder in Markdown, not a password)
# Each placeholder an article may use, and the Region field that replaces it,
# so no page names one country's services beside another's.
REGION_PLACEHOLDERS = {
    EMERGENCY_TOKEN: "emergency_number",
    "[urgent-line]": "urgent_line",
    "[gp-practice]": "gp_practice",
    "[gp]": "gp",
    "[emergency-department]": "emergency_department",
    "[poisons-line]": "poisons_line",
}
TOC_MIN_HEADINGS = 4

# attr_list and md_in_html are deliberately not enabled: they let text set
# arbitrary attributes.
MARKDOWN_EXTENSIONS = ["tables", "toc", "admonition", "sane_lists"]
MARKDOWN_CONFIG = {"toc": {"toc_depth": "2-3"}}

ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "ul", "ol", "li", "a", "strong", "em", "b", "i", "code", "pre",
    "blockquote", "table", "thead", "tbody", "tr", "th", "td", "sup", "div", "hr", "br", "abbr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "id"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "sup": {"id"},
    "abbr": {"title"},
    "ol": {"start"},
    "th": {"scope"},
}
# Only these classes survive: callout boxes and citation markers.
ALLOWED_CLASSES = {
    "div": {"admonition", "danger", "warning", "note"},
    "p": {"admonition-title"},
    "sup": {"citation"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


@dataclass
class RenderedBody:
    html: str
    toc_html: str
    headings: list = field(default_factory=list)
    unknown_citations: list = field(default_factory=list)

    @property
    def plain_text(self):
        """The words, for search and snippets; citation marks mean nothing out of context."""
        words = CITATION_MARK.sub("", self.html)
        return " ".join(html.unescape(strip_tags(words)).split())

    @property
    def page_toc(self):
        """Only long articles get a table of contents on the page."""
        return self.toc_html if len(self.headings) >= TOC_MIN_HEADINGS else ""


def citation_numbers(references):
    """Map each reference key to its number in the reference list (from 1)."""
    return {ref["key"]: index for index, ref in enumerate(references, start=1)}


def cited_keys(body):
    return CITATION.findall(body)


def citation_problems(body, references):
    """Plain-language problems with the citations (and image tags), for the editor's form."""
    numbers = citation_numbers(references)
    problems = [f"[ref:{key}] does not match any reference key." for key in dict.fromkeys(cited_keys(body))
                if key not in numbers]
    cited = set(cited_keys(body))
    problems += [f"Reference “{key}” is listed but never cited." for key in numbers if key not in cited]
    return problems + images.tag_problems(body)


def _link_citations(body, numbers):
    unknown = []

    def replace(match):
        key = match.group(1)
        if key not in numbers:
            unknown.append(key)
            return f"[{html.escape(key)}?]"
        n = numbers[key]
        return f'<sup class="citation"><a href="#ref-{n}" title="Reference {n}">[{n}]</a></sup>'

    return CITATION.sub(replace, SPACE_BEFORE_CITATION.sub("", body)), unknown


def _no_markup_in_attribute(tag, attribute, value):
    # nh3 writes "<" and ">" inside attribute values as they are. None of the
    # allowed attributes needs them, and _wrap_tables() must only ever meet
    # real tags: its replacement inside title="<table>..." would end the
    # attribute early and turn the rest of the value into live markup.
    return None if "<" in value or ">" in value else value


def sanitize(raw_html):
    return nh3.clean(
        raw_html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        attribute_filter=_no_markup_in_attribute,
    )


def _wrap_tables(safe_html):
    # A wide table scrolls inside its own box, never the page; the box takes
    # focus so keyboard users can scroll it too.
    return safe_html.replace(
        "<table>", '<div class="table-wrap" tabindex="0" role="region" aria-label="Table"><table>'
    ).replace("</table>", "</table></div>")


def _toc_html(tokens):
    if not tokens:
        return ""
    items = []
    for token in tokens:
        children = _toc_html(token.get("children", []))
        # Markdown gives the heading's text already escaped ("Cramps &amp; clots"):
        # unescaped first, so it is escaped exactly once.
        name = html.escape(html.unescape(token["name"]))
        items.append(f'<li><a href="#{html.escape(token["id"])}">{name}</a>{children}</li>')
    return "<ul>" + "".join(items) + "</ul>"


SAME_DAY_TOKEN = "[same-day-help]"  # noqa: S105 (a placeholder in Markdown)


def same_day_help(region):
    """Who to call for help today: "your GP surgery or NHS 111", or, where the
    urgent line already names the practice, just that line."""
    if region.gp_practice in region.urgent_line:
        return region.urgent_line
    return f"your {region.gp_practice} or {region.urgent_line}"


def markdown_help():
    """What editors may write in the body, from the same tables that render it."""
    *others, last = [f"[figure:{name}]" for name in figures.FIGURES]
    drawings = f"{', '.join(others)} or {last}"
    services = ", ".join([*REGION_PLACEHOLDERS, SAME_DAY_TOKEN])
    return (
        "Markdown. Start headings at ## . Cite a reference with [ref:key]. On a line of its own, [image:slug] "
        f"shows a picture from the image library, and {drawings} shows one of our drawings. Name services with "
        f"{services}, so that each country's readers see their own. Callouts: !!! danger \"Title\", "
        '!!! warning "Title" or !!! note "Title", then the text indented by four spaces.'
    )


def fill_region(text, region=None):
    """The text with each region placeholder replaced by the region's words."""
    region = region or current_region()
    text = text.replace(SAME_DAY_TOKEN, same_day_help(region))
    for token, field_name in REGION_PLACEHOLDERS.items():
        text = text.replace(token, getattr(region, field_name))
    return text


def render_body(body, references, region=None):
    """Render an article body to sanitised HTML and its table of contents."""
    text = fill_region(body, region)
    text, unknown = _link_citations(text, citation_numbers(references))
    md = markdown.Markdown(extensions=MARKDOWN_EXTENSIONS, extension_configs=MARKDOWN_CONFIG)
    raw = md.convert(text)
    # After sanitising: only our own markup becomes a drawing or a picture.
    safe = images.insert_figures(figures.expand(_wrap_tables(sanitize(raw))))
    # Headings are escaped by us and linked only to ids that survived nh3.
    tokens = md.toc_tokens
    toc = _toc_html(tokens)
    return RenderedBody(
        html=safe,
        toc_html=toc,
        headings=[html.unescape(t["name"]) for t in tokens],
        unknown_citations=unknown,
    )
