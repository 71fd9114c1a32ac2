"""The public reading side: home, topics, articles, search and feedback."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import http_date
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from articles import feedback as feedback_rules
from articles import search_misses
from articles.cache_headers import public_page
from articles.forms import FeedbackForm, version_number
from articles.glossary import TERMS
from articles.models import Article, Category
from articles.reading import live_page
from articles.search import MAX_QUERY_LENGTH, SearchOutcome, search


def _topics_with_articles():
    """Every topic with its published articles, in two queries."""
    articles = list(Article.objects.published().with_live().order_by("live__title"))
    topics = list(Category.objects.all())
    by_topic = {topic.pk: [] for topic in topics}
    for article in articles:
        by_topic.setdefault(article.live.category_id, []).append(article)
    return [(topic, by_topic[topic.pk]) for topic in topics if by_topic[topic.pk]]


@require_safe
@public_page
def home(request):
    return render(request, "articles/home.html", {"topics": _topics_with_articles()})


@require_safe
@public_page
def article_index(request):
    return render(request, "articles/article_index.html", {"topics": _topics_with_articles()})


@require_safe
@public_page
def glossary(request):
    return render(request, "articles/glossary.html", {"terms": sorted(TERMS, key=lambda term: term.word.lower())})


@require_safe
@public_page
def topic(request, slug):
    category = get_object_or_404(Category, slug=slug)
    articles = Article.objects.published().with_live().filter(live__category=category).order_by("live__title")
    return render(request, "articles/topic.html", {"category": category, "articles": articles})


@require_safe
@public_page
def article_detail(request, slug):
    with_reviewer = Article.objects.select_related(
        "live", "live__category", "live__approved_by__reviewer_profile", "replaced_by"
    )
    article = get_object_or_404(with_reviewer, slug=slug)
    if article.is_withdrawn:
        replacement = article.replaced_by
        if replacement is not None and replacement.is_published:
            return redirect(replacement, permanent=True)  # named by the reviewer who archived it
        return render(request, "articles/gone.html", {"title": article.live.title}, status=410)
    if not article.is_published:
        raise Http404("No published article at this address.")
    response = render(request, "articles/article_detail.html", {"page": live_page(article)})
    response["Last-Modified"] = http_date(article.live.approved_at.timestamp())
    return response


@never_cache  # the form carries this reader's CSRF token
@require_http_methods(["GET", "HEAD", "POST"])
def feedback(request, slug):
    """The feedback page. The article's "Yes" and "No" buttons come here
    (a GET, so the cached article needs no token); the reader may add a
    comment and sends it from here, with the token."""
    article = get_object_or_404(Article.objects.published().with_live(), slug=slug)
    if request.method != "POST":
        helpful = request.GET.get("helpful")
        initial = {"version": version_number(request.GET.get("version"))}
        if helpful in ("yes", "no"):
            initial["helpful"] = helpful
        form = FeedbackForm(initial=initial)
        return render(request, "articles/feedback.html", {"article": article, "form": form})
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        return render(request, "articles/feedback.html", {"article": article, "form": form}, status=400)
    if feedback_rules.limit_reached(request):
        return render(request, "articles/feedback_limited.html", {"article": article}, status=429)
    feedback_rules.record(request, article, form.cleaned_data)
    return redirect("articles:feedback_thanks", slug=article.slug)


@require_safe
def feedback_thanks(request, slug):
    article = get_object_or_404(Article.objects.published().with_live(), slug=slug)
    return render(request, "articles/feedback_thanks.html", {"article": article})


@require_safe
def search_view(request):
    query = request.GET.get("q", "")
    if len(query) > MAX_QUERY_LENGTH:
        return _search_page(request, outcome=SearchOutcome(query=query[:MAX_QUERY_LENGTH]), too_long=True)
    outcome = search(query)
    if outcome.missed:
        if request.method == "GET":
            search_misses.record(query)
        return _miss_page(request, outcome)
    return _search_page(request, outcome=outcome)


@public_page
def _search_page(request, outcome, too_long=False):
    return render(request, "articles/search.html", {"outcome": outcome, "too_long": too_long})


@never_cache
def _miss_page(request, outcome):
    """A search that found nothing: no cache (this server's, nginx's, the
    browser's) may answer it, or the searches after the first would go
    uncounted."""
    return render(request, "articles/search.html", {"outcome": outcome})
