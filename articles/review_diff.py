"""What a reviewer compares: every field an approval publishes, old against new.

`reviewable_fields(source)` gives the same labelled fields for the working
copy (an Article), a saved draft (a Version) and an approved version (a
Revision), so any two can be compared.
"""

import difflib
from dataclasses import dataclass

from articles.models import Article, Audience, Category

REFERENCE_LINKS = [("doi", "DOI"), ("pmid", "PubMed ID"), ("url", "URL")]


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
        lines += [f"    {label}: {r[field]}" for field, label in REFERENCE_LINKS if r.get(field)]
        references.append("\n".join(lines))
    return [
        ("Title", source.title),
        ("Topic", category.name),
        ("Audience", Audience(source.audience).label),
        ("Summary", source.summary),
        ("Also called", source.also_called or "none"),
        ("Body", source.body.rstrip("\n")),
        ("References", "\n\n".join(references) or "none"),
        ("Related articles", ", ".join(related) or "none"),
        ("Review interval", f"every {months} months"),
    ]


def comparable_text(source):
    """All the reviewable fields as one text, a line per line."""
    lines = []
    for label, text in reviewable_fields(source):
        if label in BLOCK_FIELDS:
            lines += ["", f"{label}:", *text.splitlines(), ""]
        else:
            lines.append(f"{label}: {text}")
    return "\n".join(lines)


BLOCK_FIELDS = {"Body", "References"}


@dataclass
class Comparison:
    old_label: str
    new_label: str
    has_changes: bool
    table_html: str


def compare(old, new, old_label=None, new_label=None):
    old_text, new_text = comparable_text(old), comparable_text(new)
    old_label = old_label or (f"Live (version {old.number})" if old is not None else "Live (nothing published yet)")
    new_label = new_label or "Pending (working copy)"
    table = difflib.HtmlDiff().make_table(  # no wrapcolumn: it cuts words; CSS wraps lines
        old_text.splitlines(), new_text.splitlines(), fromdesc=old_label, todesc=new_label, context=False
    )
    return Comparison(old_label, new_label, old_text != new_text, table)
