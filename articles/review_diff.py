"""What a reviewer compares: every field an approval publishes, old against new.

`reviewable_fields(source)` gives the same labelled fields for the working
copy (an Article), a saved draft (a Version) and an approved version (a
Revision), so any two can be compared. `compare(old, new)` returns only
what changed: each changed field with its words marked, and for the body
only the changed paragraphs, each with one unchanged paragraph either side.
"""

import difflib
import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles import images
from articles.models import Article, Audience, Category

REFERENCE_LINKS = [("doi", "DOI"), ("pmid", "PubMed ID"), ("url", "URL")]
# Fields shown as paragraphs (the others are one line each).
BLOCK_FIELDS = {"Body", "Images", "References"}
CONTEXT_PARAGRAPHS = 1
# Below this similarity two paragraphs are shown as one removed and one added.
SAME_PARAGRAPH_RATIO = 0.5
# Words, runs of spaces, and single punctuation marks: a changed comma is
# marked as a comma, not as the word before it.
TOKEN = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)


def reviewable_fields(source):
    """[(label, text)] for everything readers see once this is approved."""
    if source is None:
        return []
    if isinstance(source, Article):
        refs = source.references_list()
        related = list(source.related.order_by("title").values_list("slug", flat=True))
        months = source.review_interval_months
    else:
        refs, related = source.references, source.related_slugs
        months = getattr(source, "interval_months", None) or source.review_interval_months
    category = source.category if isinstance(source.category, Category) else Category.objects.get(pk=source.category)
    references = []
    for r in refs:
        lines = [f"[{r['key']}] {r['authors']} ({r['year']}). {r['title']}. {r['publisher']}."]
        lines += [f"{label}: {r[name]}" for name, label in REFERENCE_LINKS if r.get(name)]
        references.append("\n".join(lines))
    return [
        ("Title", source.title),
        ("Topic", category.name),
        ("Audience", Audience(source.audience).label),
        ("Summary", source.summary),
        ("Also called", source.also_called or "none"),
        ("Body", source.body.strip("\n")),
        # Each picture the body shows, with its alt text, caption and credit.
        ("Images", "\n".join(images.review_lines(source.body)) or "none"),
        ("References", "\n\n".join(references) or "none"),
        ("Related articles", ", ".join(related) or "none"),
        ("Review interval", f"every {months} months"),
    ]


# --- Word-level marking -------------------------------------------------------------


def mark_words(old, new):
    """(old_html, new_html) with removed words in <del> and added words in <ins>.

    All text is escaped here, control characters included, so nothing in an
    article (not even "\\x01", which broke difflib.HtmlDiff's markers) can
    break the marking or the page."""
    old_html, new_html = [], []
    for same, removed, added in _word_runs(old, new):
        if same:
            old_html.append(_text(removed))
            new_html.append(_text(added))
            continue
        if removed:
            old_html.append(f'<del><span class="visually-hidden">removed: </span>{_text(removed)}</del>')
        if added:
            new_html.append(f'<ins><span class="visually-hidden">added: </span>{_text(added)}</ins>')
    return mark_safe("".join(old_html)), mark_safe("".join(new_html))  # noqa: S308 - every piece escaped above


def _word_runs(old, new):
    """[(unchanged?, old text, new text)], with the spaces between two changed
    words counted as changed, so "It usually lasts" is one removal, not three."""
    old_tokens, new_tokens = TOKEN.findall(old), TOKEN.findall(new)
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    runs = [
        [op == "equal", "".join(old_tokens[a1:a2]), "".join(new_tokens[b1:b2])]
        for op, a1, a2, b1, b2 in matcher.get_opcodes()
    ]
    for n in range(1, len(runs) - 1):
        same, text, _ = runs[n]
        if same and not text.strip() and not runs[n - 1][0] and not runs[n + 1][0]:
            runs[n][0] = False
    merged = []
    for run in runs:
        if merged and not run[0] and not merged[-1][0]:
            merged[-1][1] += run[1]
            merged[-1][2] += run[2]
        else:
            merged.append(run)
    return merged


def _text(text):
    # Control characters (other than line ends and tabs) become visible
    # placeholders instead of vanishing or confusing the browser.
    return re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "\ufffd", escape(text))


# --- Changes ------------------------------------------------------------------------


@dataclass
class Paragraph:
    kind: str  # "context", "changed", "added", "removed" or "gap"
    old_html: str = ""
    new_html: str = ""
    skipped: int = 0  # for a gap: how many unchanged paragraphs are not shown
    anchor: str = ""
    next_anchor: str = ""


@dataclass
class FieldChange:
    label: str
    block: bool
    old_html: str = ""
    new_html: str = ""
    paragraphs: list = field(default_factory=list)
    anchor: str = ""
    next_anchor: str = ""


@dataclass
class Comparison:
    old_label: str
    new_label: str
    changes: list
    count: int  # how many changes: each changed one-line field or body paragraph

    @property
    def has_changes(self):
        return bool(self.changes)


def _paragraphs(text):
    return [p for p in re.split(r"\n\s*\n", text) if p.strip()]


def _body_paragraphs(old, new):
    """Only the changed paragraphs, with CONTEXT_PARAGRAPHS unchanged ones either side."""
    old_paras, new_paras = _paragraphs(old), _paragraphs(new)
    matcher = difflib.SequenceMatcher(None, old_paras, new_paras, autojunk=False)
    opcodes = matcher.get_opcodes()
    shown = []
    for index, (op, a1, a2, b1, b2) in enumerate(opcodes):
        if op == "equal":
            unchanged = new_paras[b1:b2]
            head = CONTEXT_PARAGRAPHS if index > 0 else 0
            tail = CONTEXT_PARAGRAPHS if index < len(opcodes) - 1 else 0
            if len(unchanged) <= head + tail:
                shown += [Paragraph("context", new_html=_text(p)) for p in unchanged]
                continue
            shown += [Paragraph("context", new_html=_text(p)) for p in unchanged[:head]]
            shown.append(Paragraph("gap", skipped=len(unchanged) - head - tail))
            shown += [Paragraph("context", new_html=_text(p)) for p in unchanged[len(unchanged) - tail :]]
            continue
        olds, news = old_paras[a1:a2], new_paras[b1:b2]
        for n in range(max(len(olds), len(news))):
            before = olds[n] if n < len(olds) else None
            after = news[n] if n < len(news) else None
            if before is None:
                shown.append(Paragraph("added", new_html=mark_words("", after)[1]))
            elif after is None:
                shown.append(Paragraph("removed", old_html=mark_words(before, "")[0]))
            elif difflib.SequenceMatcher(None, before, after, autojunk=False).ratio() < SAME_PARAGRAPH_RATIO:
                # Hardly a word in common: a paragraph removed and another added
                # reads better than a sentence shot through with marks.
                shown.append(Paragraph("removed", old_html=mark_words(before, "")[0]))
                shown.append(Paragraph("added", new_html=mark_words("", after)[1]))
            else:
                old_html, new_html = mark_words(before, after)
                shown.append(Paragraph("changed", old_html=old_html, new_html=new_html))
    return shown


def compare(old, new, old_label=None, new_label=None):
    """What changed from `old` to `new` (either may be None: nothing)."""
    old_fields = dict(reviewable_fields(old))
    changes, marked = [], []  # marked: everything a "next change" link can land on, in page order
    for label, new_text in reviewable_fields(new):
        old_text = old_fields.get(label, "")
        if old_text == new_text:
            continue
        change = FieldChange(label, label in BLOCK_FIELDS)
        if change.block:
            change.paragraphs = _body_paragraphs(old_text, new_text)
            marked += [p for p in change.paragraphs if p.kind in ("changed", "added", "removed")]
        else:
            change.old_html, change.new_html = mark_words(old_text, new_text)
            marked.append(change)
        changes.append(change)
    for number, item in enumerate(marked, start=1):
        item.anchor = f"change-{number}"
        item.next_anchor = f"change-{number + 1}" if number < len(marked) else "review-actions"
    old_label = old_label or (f"Live (version {old.number})" if old is not None else "Live (nothing published yet)")
    return Comparison(old_label, new_label or "Pending (working copy)", changes, len(marked))


def comparable_text(source):
    """All the reviewable fields as one plain text (for tests and e-mails)."""
    return "\n".join(f"{label}: {text}" for label, text in reviewable_fields(source))
