"""What site search keeps: the index, its vocabulary, the words readers use,
the searches that found nothing, and the articles editors put first.

`articles.models` imports this module, so these are models of the articles
app. How the index is written and read is `articles/search_index.py`.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone

from articles.search_text import normalise


class SearchDocument(models.Model):
    """The approved, published text of one article, as search sees it.

    A row exists only while the article is published: it is written when a
    version is approved and deleted when the article is archived. On
    PostgreSQL `vector` holds the weighted tsvector (GIN-indexed); on SQLite
    an FTS5 table follows these rows through triggers (see the migration).
    """

    article = models.OneToOneField("articles.Article", on_delete=models.CASCADE, primary_key=True, related_name="+")
    revision = models.ForeignKey("articles.Revision", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=200)
    # The article's "also called" names, one a line: they weigh as much as the title.
    names = models.TextField(blank=True)
    summary = models.TextField(blank=True)
    headings = models.TextField(blank=True)
    body = models.TextField(blank=True)
    vector = SearchVectorField(null=True, editable=False)

    def __str__(self):
        return self.title


class SearchWord(models.Model):
    """A word of the indexed text: the vocabulary "Did you mean ...?" draws on."""

    word = models.CharField(max_length=60, unique=True)
    stem = models.CharField(max_length=60, db_index=True)
    documents = models.PositiveIntegerField(default=0, help_text="How many published articles use the word.")

    def __str__(self):
        return self.word


class Register(models.TextChoices):
    LAY = "lay", "Everyday words"
    MEDICAL = "medical", "Medical words"


class Synonym(models.Model):
    term = models.CharField(
        max_length=100, help_text="What a reader might type, for example “charley horse” or “water tablets”."
    )
    meaning = models.CharField(
        max_length=200,
        help_text="The words our articles use for it, for example “leg cramp” or “diuretics”. A search for the term "
        "also finds articles with all of these words; it still finds the term itself too.",
    )
    register = models.CharField("kind of term", max_length=10, choices=Register.choices, default=Register.LAY)
    clinical = models.BooleanField(
        "only professionals search for this",
        default=False,
        help_text="A search using this term is clinical: the article for health professionals is ranked on its "
        "merits instead of after the articles for readers.",
    )

    class Meta:
        ordering = ["term", "meaning"]
        constraints = [models.UniqueConstraint(fields=["term", "meaning"], name="unique_synonym_pair")]

    def __str__(self):
        return f"{self.term} → {self.meaning}"

    def save(self, *args, **kwargs):
        self.clean()
        super().save(*args, **kwargs)

    def clean(self):
        self.term, self.meaning = self.term.strip().lower(), self.meaning.strip().lower()


class SearchMiss(models.Model):
    """How many searches for one query found nothing in one week. No person is
    recorded, and a query only gets a row once several searches used it: see
    articles/search_misses.py."""

    week = models.DateField("week starting", help_text="The Monday of the ISO week.")
    query = models.CharField(max_length=200)
    searches = models.PositiveIntegerField()

    class Meta:
        ordering = ["-week", "-searches", "query"]
        verbose_name = "search that found nothing"
        verbose_name_plural = "searches that found nothing"
        constraints = [models.UniqueConstraint(fields=["week", "query"], name="unique_search_miss_per_week")]

    def __str__(self):
        return f"“{self.query}” ({self.searches} in the week of {self.week:%d %b %Y})"


class SearchPromotion(models.Model):
    """An article an editor puts first for one search."""

    term = models.CharField(
        max_length=200, help_text="The search, as readers type it. Case and punctuation do not matter."
    )
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["term", "created_at"]
        verbose_name = "promoted search result"
        constraints = [models.UniqueConstraint(fields=["term", "article"], name="unique_promotion")]

    def __str__(self):
        return f"{self.article} first for “{self.term}”"

    def save(self, *args, **kwargs):
        self.clean()
        super().save(*args, **kwargs)

    def clean(self):
        self.term = normalise(self.term)
