"""Shared helpers for the search tests: the results a reader sees, in order."""

import html
import importlib
import re

from django.utils.html import strip_tags


def results(response):
    """The results list as (link, title html, snippet html), in order."""
    assert response.status_code == 200
    listing = re.search(r'<ol class="search-results">(.*?)</ol>', response.content.decode(), flags=re.S)
    if not listing:
        return []
    return re.findall(
        r'<li><a href="([^"]+)">(.*?)</a>.*?<span class="meta">(.*?)</span></li>', listing.group(1), flags=re.S
    )


def links(response):
    return [link for link, _, _ in results(response)]


def items(response):
    """Each result's whole text as a reader reads it."""
    listing = re.search(r'<ol class="search-results">(.*?)</ol>', response.content.decode(), flags=re.S)
    found = re.findall(r"<li>(.*?)</li>", listing.group(1), flags=re.S) if listing else []
    return [" ".join(html.unescape(strip_tags(item.replace("<br>", " "))).split()) for item in found]


def main_text(response):
    main = re.search(r"<main\b.*?</main>", response.content.decode(), flags=re.S).group(0)
    return " ".join(html.unescape(strip_tags(main)).split())


def seed_synonyms():
    """The synonyms the data migration seeds (a transactional test before
    this one may have emptied the table)."""
    from django.apps import apps

    importlib.import_module("articles.migrations.0011_seed_synonyms").seed_synonyms(apps)


def search_editor():
    """An editor, with the Editors group holding the search permissions the
    data migration gives it (a transactional test may have reset the group)."""
    from django.contrib.auth.models import Group, Permission

    from tests.factories import editor

    migration = importlib.import_module("articles.migrations.0011_seed_synonyms")
    user = editor()
    Group.objects.get(name="Editors").permissions.add(
        *Permission.objects.filter(content_type__app_label="articles", codename__in=migration.EDITOR_PERMISSIONS)
    )
    return user
