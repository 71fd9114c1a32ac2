"""Site search over the approved text of published articles.

`search(query)` works the same on SQLite and PostgreSQL:
1. The query's words, less stop words ("cramp at night" is cramp, night).
2. Words readers use are widened with what they mean (the `Synonym` table:
   "water tablets" also finds "diuretics"); a word the index has never seen
   is widened with the nearest word it has if one letter is wrong ("blod"
   also finds "blood"), and the page asks "Did you mean ...?" (also for a
   word further off). What was typed is always searched too.
3. The index (`articles/search_index.py`) finds articles with every word
   (or, if none has them all, with all but one of three or more). They are
   ranked by where the words appear (title or "also called" name, summary,
   headings, body), then by the database's own rank.
4. Articles an editor promoted for this query come first; then the articles
   for readers, unless the query is clinical (it uses a term the synonym
   table marks clinical); then the article for health professionals.
"""

import math
import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles import search_index
from articles.models import Article
from articles.search_models import SearchPromotion, Synonym
from articles.search_text import (
    MAX_QUERY_LENGTH,
    MAX_WORDS,
    STOP_WORDS,
    WORD,
    content_words,
    normalise,
    one_edit_apart,
    stem,
    words_of,
)

SNIPPET_RADIUS = 90
MIN_CORRECTABLE_LENGTH = 4  # shorter words have too many near neighbours
MIN_WORDS_TO_DROP_ONE = 3  # in a two-word query, each word matters


@dataclass
class SearchResult:
    article: Article
    title_html: str
    snippet_html: str
    also_called_html: str = ""  # the "also called" name that matched, when the title did not
    promoted: bool = False


@dataclass
class SearchOutcome:
    query: str = ""
    results: list = field(default_factory=list)
    suggestion: str = ""  # the query with its typos corrected, when any were
    also_searched: list = field(default_factory=list)  # [(what was typed, what the synonym table adds)]
    partial: bool = False  # no article had every word; these have some
    searchable: bool = False  # the query had words that are not stop words

    @property
    def missed(self):
        """Nothing had every word (and no editor promoted an article for it)."""
        return self.searchable and (not self.results or self.partial) and not any(r.promoted for r in self.results)


@dataclass
class _Reading:
    """What a query asks for: groups of alternatives, every group required."""

    groups: list = field(default_factory=list)
    stems: set = field(default_factory=set)
    clinical: bool = False
    suggestion: str = ""
    also_searched: list = field(default_factory=list)


def search(query):
    query = query[:MAX_QUERY_LENGTH]
    reading = _read(query)
    outcome = SearchOutcome(query=query, suggestion=reading.suggestion, searchable=bool(reading.groups),
                            also_searched=reading.also_searched)  # fmt: skip
    ranks = search_index.match(reading.groups, require_all=True)
    if not ranks and len(reading.groups) >= MIN_WORDS_TO_DROP_ONE:
        ranks = _all_but_one(reading.groups)
        outcome.partial = bool(ranks)
    promoted_ids = list(
        SearchPromotion.objects.filter(term=normalise(query)).values_list("article_id", flat=True)
    ) if query.strip() else []  # fmt: skip
    articles = {
        article.pk: article
        for article in Article.objects.published().select_related("live").filter(pk__in={*ranks, *promoted_ids})
    }
    promoted = [articles[pk] for pk in dict.fromkeys(promoted_ids) if pk in articles]
    ranked = sorted(
        (article for pk, article in articles.items() if pk not in promoted_ids),
        key=lambda a: (
            a.live.is_professional and not reading.clinical,
            -_placement(a.live, reading.groups),
            -_title_coverage(a.live, reading.stems),
            -_mentions(a.live, reading.groups),
            -ranks[a.pk],
            a.live.title,
            a.pk,
        ),
    )
    outcome.results = [_result(a, reading, promoted=True) for a in promoted] + [_result(a, reading) for a in ranked]
    return outcome


# Where a searched-for word sits, as the index weighs it (A, A, B, C; D is the body).
PLACES = [("title", 8), ("also_called", 8), ("summary", 4), ("headings", 2)]
_HEADING = re.compile(r"^#{2,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)


def _placement(live, groups):
    """How prominently the article answers each part of the query: for each
    group, the weight of the most prominent place it appears (the body: 1).
    The same on both databases (it reads the approved text, not the index),
    so only ties fall to each database's own rank."""
    stems = {
        "title": {stem(w) for w in words_of(live.title)},
        "also_called": {stem(w) for w in words_of(live.also_called)},
        "summary": {stem(w) for w in words_of(live.summary)},
        "headings": {stem(w) for w in words_of(" ".join(_HEADING.findall(live.body)))},
    }
    score = 0
    for group in groups:
        wanted = [{stem(w) for w in alternative} for alternative in group]
        score += next((weight for place, weight in PLACES if any(w <= stems[place] for w in wanted)), 1)
    return score


def _title_coverage(live, stems):
    """The share of the title's words that were searched for: "leg cramps"
    is more about what "What are leg cramps" covers than "Leg cramps in
    pregnancy"."""
    title = {stem(w) for w in content_words(words_of(live.title))}
    return round(len(title & stems) / len(title), 3) if title else 0


def _mentions(live, groups):
    """How much the approved text says about each part of the query (the
    stems counted as parts of words, with diminishing returns), rounded so
    that near-equal articles fall to the database's rank."""
    text = f"{live.title} {live.also_called} {live.summary} {live.plain_text}".lower()
    total = 0.0
    for group in groups:
        counts = [min(text.count(stem(w)) for w in alternative) for alternative in group]
        total += math.log1p(max(counts, default=0))
    return round(total, 1)


def _all_but_one(groups):
    """Articles with every word but one: a long query with one word no article
    uses ("cramp in my calf at the gym") still finds something."""
    ranks = {}
    for left_out in range(len(groups)):
        for article_id, rank in search_index.match(groups[:left_out] + groups[left_out + 1 :], True).items():
            ranks[article_id] = max(rank, ranks.get(article_id, rank))
    return ranks


def _read(query):
    words = words_of(query)
    synonyms = _synonyms_by_stems()
    longest = max((len(key) for key in synonyms), default=0)
    reading = _Reading()
    corrected = list(words)
    single = []  # (position, word) of words that are not part of a synonym
    position = 0
    while position < len(words) and len(reading.groups) < MAX_WORDS:
        for size in range(min(longest, len(words) - position), 0, -1):
            key = tuple(stem(w) for w in words[position : position + size])
            if key in synonyms:
                typed = tuple(content_words(words[position : position + size]))
                alternatives = [typed] if typed else []
                for meaning, clinical, shown in synonyms[key]:
                    alternatives.append(meaning)
                    reading.clinical |= clinical
                    reading.also_searched.append((" ".join(words[position : position + size]), shown))
                reading.groups.append(list(dict.fromkeys(a for a in alternatives if a)))
                position += size
                break
        else:
            word = words[position]
            if word not in STOP_WORDS:
                single.append((position, len(reading.groups)))
                reading.groups.append([(word,)])
            position += 1
    _correct_typos(words, single, reading, corrected, synonym_words={w for key in synonyms for w in key})
    if corrected != words:
        reading.suggestion = " ".join(corrected)
    reading.stems = {stem(w) for group in reading.groups for alternative in group for w in alternative}
    return reading


def _correct_typos(words, single, reading, corrected, synonym_words):
    candidates = {words[p] for p, _ in single if len(words[p]) >= MIN_CORRECTABLE_LENGTH and words[p].isalpha()}
    if not candidates:
        return
    known = search_index.known_words(candidates) | {w for w in candidates if stem(w) in synonym_words}
    for position, group in single:
        word = words[position]
        if word in candidates and word not in known:
            similar = search_index.similar_words(word, limit=1)
            if similar:
                corrected[position] = better = similar[0][0]
                # A slip of one letter is searched for at once; a word further
                # off ("unapproved" for "approved") is only offered.
                if one_edit_apart(word, better):
                    reading.groups[group].append((better,))


def _synonyms_by_stems():
    """{stems of a term: [(meaning's content words, clinical, meaning as written)]}."""
    table = {}
    for term, meaning, clinical in Synonym.objects.values_list("term", "meaning", "clinical"):
        key = tuple(stem(w) for w in words_of(term))
        meaning_words = tuple(content_words(words_of(meaning)))
        if key and meaning_words:
            table.setdefault(key, []).append((meaning_words, clinical, meaning))
    return table


# --- Showing a result ---------------------------------------------------------------


def _result(article, reading, promoted=False):
    live = article.live
    stems = reading.stems
    in_summary = _first_match(live.summary, stems) is not None
    body_at = None if in_summary else _first_match(live.plain_text, stems)
    snippet = _snippet(live.plain_text, body_at) if body_at is not None else live.summary
    return SearchResult(
        article=article,
        title_html=highlight(live.title, stems),
        snippet_html=highlight(snippet, stems),
        also_called_html=_matched_name(live, reading),
        promoted=promoted,
    )


def _matched_name(live, reading):
    """The "also called" name the query found, if the title alone would not have."""
    title_stems = {stem(w) for w in words_of(live.title)}
    for name in live.also_called_names:
        name_stems = {stem(w) for w in content_words(words_of(name))}
        for group in reading.groups:
            for alternative in group:
                wanted = {stem(w) for w in alternative}
                if wanted and wanted <= name_stems and not wanted <= title_stems:
                    return highlight(name, reading.stems)
    return ""


def _first_match(text, stems):
    for match in WORD.finditer(text):
        if stem(match.group(0)) in stems:
            return match.start()
    return None


def highlight(text, stems):
    """HTML-escape `text` and wrap each word whose stem was searched for in <mark>."""
    out, last = [], 0
    for match in WORD.finditer(text):
        if stem(match.group(0)) in stems:
            out += [escape(text[last : match.start()]), "<mark>", escape(match.group(0)), "</mark>"]
            last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece of text above is escaped


def _snippet(text, position):
    start = max(0, position - SNIPPET_RADIUS)
    if start:  # begin at a word
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < position else start
    end = min(len(text), start + 2 * SNIPPET_RADIUS)
    if end < len(text):
        space = text.rfind(" ", position, end)
        end = space if space > position else end
    fragment = text[start:end]
    return ("…" if start else "") + fragment + ("…" if end < len(text) and not fragment.endswith(".") else "")
