"""How search reads text: words, stop words, stems and trigram similarity.

The same rules serve both databases, so SQLite and PostgreSQL are given the
same words and agree on what a query means:
- a word is a run of letters and digits (so "cramp_log" is two words and
  "Baker's" is "baker" and "s"), lower-cased;
- stop words are PostgreSQL's English list (tsearch_data/english.stop, the
  Snowball list): PostgreSQL drops them anyway, and SQLite's FTS5 has no such
  list, so we drop them before either sees the query;
- stems are Snowball English, PostgreSQL's `english` stemmer, used here to
  highlight and to tell known words from typos (matching itself is left to
  each database's stemmer: PostgreSQL's Snowball, FTS5's Porter);
- similarity is pg_trgm's, so SQLite suggests the same words PostgreSQL does.
"""

import functools
import re

import snowballstemmer

WORD = re.compile(r"[^\W_]+")
MAX_QUERY_LENGTH = 200
MAX_WORDS = 8

STOP_WORDS = frozenset(
    "i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers "
    "herself it its itself they them their theirs themselves what which who whom this that these those am is are "
    "was were be been being have has had having do does did doing a an the and but if or because as until while "
    "of at by for with about against between into through during before after above below to from up down in out "
    "on off over under again further then once here there when where why how all any both each few more most other "
    "some such no nor not only own same so than too very s t can will just don should now".split()
)

_stemmer = snowballstemmer.stemmer("english")


def words_of(text):
    """Every word of `text`, lower-cased, in order."""
    return [word.lower() for word in WORD.findall(text)]


def normalise(text):
    """A query as one canonical string: "Cramp at NIGHT!" -> "cramp at night"."""
    return " ".join(words_of(text[:MAX_QUERY_LENGTH]))


def content_words(words):
    return [word for word in words if word not in STOP_WORDS]


@functools.lru_cache(maxsize=20_000)
def stem(word):
    return _stemmer.stemWord(word.lower())


def trigrams(word):
    """pg_trgm's trigrams of one word: padded with two spaces before, one after."""
    padded = f"  {word.lower()} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(a, b):
    """pg_trgm's similarity(): shared trigrams over all trigrams of the two."""
    first, second = trigrams(a), trigrams(b)
    return len(first & second) / len(first | second) if first or second else 0.0


def one_edit_apart(a, b):
    """True if one letter added, dropped or changed, or two neighbours swapped,
    turns `a` into `b` (Damerau-Levenshtein distance 1)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    start = 0
    while start < len(a) and a[start] == b[start]:
        start += 1
    if len(a) < len(b):  # one letter added
        return a[start:] == b[start + 1 :]
    if a[start + 1 :] == b[start + 1 :]:  # one letter changed
        return True
    swapped = start + 1 < len(a) and a[start] == b[start + 1] and a[start + 1] == b[start]
    return swapped and a[start + 2 :] == b[start + 2 :]
