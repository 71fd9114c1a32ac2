"""The full-text index: written when a version is approved, emptied when the
article is archived, read by `articles.search`.

One `SearchDocument` row per published article holds its approved text in
five fields, weighted highest first: title and "also called" names (A),
summary (B), headings (C), body (D). Each database indexes those rows its
own way, behind the two functions search needs (`match`, `similar_words`):

- PostgreSQL: `vector`, a weighted tsvector (`english` configuration:
  Snowball stemming and stop words) under a GIN index, queried with
  `SearchQuery` and ranked with `SearchRank`; the vocabulary's words under a
  pg_trgm GIN index for `TrigramSimilarity`.
- SQLite: an FTS5 table (Porter stemming) kept in step with the rows by
  triggers, ranked with bm25 and the same field weights; the vocabulary in a
  trigram FTS5 table that finds candidate words, scored in Python exactly as
  pg_trgm scores them. The tables and triggers are made in migration 0010_search:
  a later migration that rebuilds `articles_searchdocument` or
  `articles_searchword` on SQLite must run `SQLITE_SCHEMA` again.
"""

import functools
import operator
import re

from django.apps import apps as installed_apps
from django.contrib.postgres.lookups import TrigramSimilar
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, TrigramSimilarity
from django.db import connection
from django.db.models import F, Value

from articles.search_text import STOP_WORDS, similarity, stem, trigrams, words_of

# Below this pg_trgm similarity a word is not offered as a correction. Not a
# ratio of small whole numbers (1/3, 7/20), so PostgreSQL's float4 and
# Python's float never round to different sides of it.
MIN_SIMILARITY = 0.345
SQLITE_BM25_WEIGHTS = "10.0, 10.0, 4.0, 2.0, 1.0"  # title, names, summary, headings, body: A, A, B, C, D
WEIGHTED_VECTOR = (
    SearchVector("title", weight="A", config="english")
    + SearchVector("names", weight="A", config="english")
    + SearchVector("summary", weight="B", config="english")
    + SearchVector("headings", weight="C", config="english")
    + SearchVector("body", weight="D", config="english")
)
_HEADING = re.compile(r"^#{2,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)

SQLITE_SCHEMA = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS articles_search_fts USING fts5(
        title, names, summary, headings, body,
        content='articles_searchdocument', content_rowid='article_id',
        tokenize='porter unicode61 remove_diacritics 0')""",
    """CREATE TRIGGER IF NOT EXISTS articles_search_fts_insert AFTER INSERT ON articles_searchdocument BEGIN
        INSERT INTO articles_search_fts(rowid, title, names, summary, headings, body)
        VALUES (new.article_id, new.title, new.names, new.summary, new.headings, new.body);
    END""",
    """CREATE TRIGGER IF NOT EXISTS articles_search_fts_delete AFTER DELETE ON articles_searchdocument BEGIN
        INSERT INTO articles_search_fts(articles_search_fts, rowid, title, names, summary, headings, body)
        VALUES ('delete', old.article_id, old.title, old.names, old.summary, old.headings, old.body);
    END""",
    """CREATE TRIGGER IF NOT EXISTS articles_search_fts_update AFTER UPDATE ON articles_searchdocument BEGIN
        INSERT INTO articles_search_fts(articles_search_fts, rowid, title, names, summary, headings, body)
        VALUES ('delete', old.article_id, old.title, old.names, old.summary, old.headings, old.body);
        INSERT INTO articles_search_fts(rowid, title, names, summary, headings, body)
        VALUES (new.article_id, new.title, new.names, new.summary, new.headings, new.body);
    END""",
    # Each word padded as pg_trgm pads it ("  blood "), so the trigram
    # tokenizer's trigrams are exactly pg_trgm's.
    """CREATE VIRTUAL TABLE IF NOT EXISTS articles_searchword_trigrams USING fts5(
        padded, content='', tokenize='trigram')""",
    """CREATE TRIGGER IF NOT EXISTS articles_searchword_trigrams_insert AFTER INSERT ON articles_searchword BEGIN
        INSERT INTO articles_searchword_trigrams(rowid, padded) VALUES (new.id, '  ' || new.word || ' ');
    END""",
    """CREATE TRIGGER IF NOT EXISTS articles_searchword_trigrams_delete AFTER DELETE ON articles_searchword BEGIN
        INSERT INTO articles_searchword_trigrams(articles_searchword_trigrams, rowid, padded)
        VALUES ('delete', old.id, '  ' || old.word || ' ');
    END""",
]
POSTGRESQL_SCHEMA = [
    "CREATE INDEX IF NOT EXISTS articles_searchdocument_vector ON articles_searchdocument USING gin (vector)",
    "CREATE INDEX IF NOT EXISTS articles_searchword_trigrams ON articles_searchword USING gin (word gin_trgm_ops)",
]


# --- Writing: the workflow's two hooks ------------------------------------------


def article_published(revision, apps=installed_apps):
    """Index the version just approved (called inside the approval's transaction)."""
    Document = apps.get_model("articles", "SearchDocument")
    previous = Document.objects.filter(pk=revision.article_id).first()
    fields = document_fields(revision)
    Document.objects.update_or_create(article_id=revision.article_id, defaults={"revision": revision, **fields})
    if connection.vendor == "postgresql":
        Document.objects.filter(pk=revision.article_id).update(vector=WEIGHTED_VECTOR)
    _count_words(apps, added=vocabulary_of(fields.values()),
                 removed=vocabulary_of(_text_fields(previous)) if previous else set())  # fmt: skip


def article_withdrawn(article, apps=installed_apps):
    """Take an archived (withdrawn) article out of search."""
    Document = apps.get_model("articles", "SearchDocument")
    previous = Document.objects.filter(pk=article.pk).first()
    if previous is not None:
        previous.delete()
        _count_words(apps, added=set(), removed=vocabulary_of(_text_fields(previous)))


def rebuild(apps=installed_apps):
    """Index every published article afresh (the migration that adds search
    calls this with its historical models)."""
    Article = apps.get_model("articles", "Article")
    apps.get_model("articles", "SearchDocument").objects.all().delete()
    apps.get_model("articles", "SearchWord").objects.all().delete()
    published = Article.objects.filter(live__isnull=False, withdrawn=False).exclude(status="archived")
    for article in published.select_related("live"):
        article_published(article.live, apps=apps)


def document_fields(revision):
    names = [name.strip() for name in revision.also_called.split(",") if name.strip()]
    return {
        "title": revision.title,
        "names": "\n".join(names),
        "summary": revision.summary,
        "headings": "\n".join(_HEADING.findall(revision.body)),
        "body": revision.plain_text,
    }


def _text_fields(document):
    return [document.title, document.names, document.summary, document.headings, document.body]


def vocabulary_of(texts):
    """The words of these texts that a typo could be corrected to."""
    return {
        word
        for text in texts
        for word in words_of(text)
        if 3 <= len(word) <= 60 and word.isalpha() and word not in STOP_WORDS
    }


def _count_words(apps, added, removed):
    """Keep each word's count of published articles that use it."""
    Word = apps.get_model("articles", "SearchWord")
    added, removed = added - removed, removed - added
    if removed:
        Word.objects.filter(word__in=removed).update(documents=F("documents") - 1)
        Word.objects.filter(word__in=removed, documents=0).delete()
    if added:
        existing = set(Word.objects.filter(word__in=added).values_list("word", flat=True))
        Word.objects.filter(word__in=existing).update(documents=F("documents") + 1)
        Word.objects.bulk_create(
            [Word(word=word, stem=stem(word), documents=1) for word in sorted(added - existing)],
            ignore_conflicts=True,  # another approval just added it; its count is then one short
        )


# --- Reading ----------------------------------------------------------------------


def match(groups, require_all):
    """{article id: rank} for the documents that match.

    `groups` is a list of word groups, each a list of alternatives, each a
    tuple of words that must all appear: [[("water", "tablets"), ("diuretics",)],
    [("cramps",)]] is (water AND tablets OR diuretics) AND cramps. With
    `require_all` false, any one group is enough.
    """
    if not groups:
        return {}
    if connection.vendor == "postgresql":
        return _match_postgresql(groups, require_all)
    return _match_sqlite(groups, require_all)


def _match_postgresql(groups, require_all):
    from articles.search_models import SearchDocument

    def words(alternative):
        return functools.reduce(
            operator.and_, (SearchQuery(w, config="english", search_type="plain") for w in alternative)
        )

    def group(alternatives):
        return functools.reduce(operator.or_, (words(alternative) for alternative in alternatives))

    query = functools.reduce(operator.and_ if require_all else operator.or_, (group(g) for g in groups))
    # Normalisation 1 divides by 1 + log(length): a long article does not win
    # on the number of times it repeats a word.
    rows = (
        SearchDocument.objects.filter(vector=query)
        .annotate(rank=SearchRank(F("vector"), query, normalization=Value(1)))
        .values_list("article_id", "rank")
    )
    return dict(rows)


def _match_sqlite(groups, require_all):
    def quoted(word):
        return '"' + word.replace('"', '""') + '"'

    def group(alternatives):
        return "(" + " OR ".join("(" + " AND ".join(quoted(w) for w in alt) + ")" for alt in alternatives) + ")"

    expression = (" AND " if require_all else " OR ").join(group(g) for g in groups)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, bm25(articles_search_fts, {SQLITE_BM25_WEIGHTS}) FROM articles_search_fts "  # noqa: S608 - constants only
            "WHERE articles_search_fts MATCH %s",
            [expression],
        )
        # bm25 is lower for a better match.
        return {article_id: -score for article_id, score in cursor.fetchall()}


def known_words(words):
    """The words (of `words`) the index knows, as typed or by their stem."""
    from articles.search_models import SearchWord

    stems = {word: stem(word) for word in words}
    found = SearchWord.objects.filter(word__in=stems.keys()) | SearchWord.objects.filter(stem__in=stems.values())
    known_words, known_stems = set(), set()
    for word, word_stem in found.values_list("word", "stem"):
        known_words.add(word)
        known_stems.add(word_stem)
    return {word for word in words if word in known_words or stems[word] in known_stems}


def similar_words(word, limit=3):
    """Vocabulary words most like `word` by pg_trgm similarity, best first:
    [(word, similarity)], ties to the word more articles use."""
    from articles.search_models import SearchWord

    if connection.vendor == "postgresql":
        rows = (
            SearchWord.objects.filter(TrigramSimilar(F("word"), Value(word)))
            .annotate(similarity=TrigramSimilarity("word", word))
            .filter(similarity__gt=MIN_SIMILARITY)
            .order_by("-similarity")
            .values_list("word", "documents")[:20]
        )
    else:
        expression = " OR ".join('"' + t + '"' for t in sorted(trigrams(word)) if '"' not in t)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT w.word, w.documents FROM articles_searchword_trigrams t "
                "JOIN articles_searchword w ON w.id = t.rowid WHERE articles_searchword_trigrams MATCH %s",
                [expression],
            )
            rows = cursor.fetchall()
    scored = [(candidate, round(similarity(word, candidate), 6), documents) for candidate, documents in rows]
    scored = [row for row in scored if row[1] > MIN_SIMILARITY and row[0] != word]
    scored.sort(key=lambda row: (-row[1], -row[2], row[0]))
    return [(candidate, score) for candidate, score, _ in scored[:limit]]
