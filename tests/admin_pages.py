"""Page helpers shared by the admin tests: the admin's addresses, logging
in, reading a change form back as a browser would post it, posting a
workflow step, and reading buttons, messages, the diff and the lists."""

import html
import re

from django import forms

from articles.models import Article
from articles.workflow import ACTIONS
from tests.factories import editor

COMMENT = "Please add a source for the magnesium advice."
OLD_SENTENCE = "It usually lasts a few seconds to a few minutes."
NEW_SENTENCE = "Stretching the calf gently often eases it."
LABELS = {name: action.label for name, action in ACTIONS.items()}


def workflow_url(article):
    return f"/admin/articles/article/{article.pk}/workflow/"


def transition_url(article):
    return f"/admin/articles/article/{article.pk}/transition/"


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def presence_url(article):
    return f"/admin/articles/article/{article.pk}/presence/"


def presence_lines(page_html):
    """What the "Someone else has this article open" box says, one line per
    person; [] when the box is absent or hidden."""
    box = re.search(r'<div id="presence"([^>]*)>(.*?)</div>', page_html, re.DOTALL)
    if not box or " hidden" in box.group(1):
        return []
    return [_plain(item).strip() for item in re.findall(r"<li>(.*?)</li>", box.group(2), re.DOTALL)]


def as_user(client, user):
    client.force_login(user)
    return client


def change_form_data(response):
    """What the browser would post back from this change form unchanged: the
    article's fields, the hidden edit_version and every inline's management
    form and rows."""
    data = {}

    def put(form):
        for name, field in form.fields.items():
            key, value = form.add_prefix(name), form[name].value()
            if isinstance(field, forms.BooleanField):
                if value:
                    data[key] = "on"
            elif isinstance(field, forms.ModelMultipleChoiceField | forms.MultipleChoiceField):
                data[key] = [str(v) for v in value or []]
            else:
                data[key] = "" if value is None else str(value)

    put(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        put(inline.formset.management_form)
        for form in inline.formset.forms:
            put(form)
    return data


def open_change_form(client, article):
    response = client.get(change_url(article))
    assert response.status_code == 200
    assert 'name="body"' in response.content.decode(), "the change form should be editable"
    return change_form_data(response)


def messages_on(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def post_transition(client, article, action, comment="", edit_version=None):
    """Post one workflow button's form, follow the redirect; return the page."""
    data = {"action": action, "comment": comment}
    data["edit_version"] = Article.objects.get(pk=article.pk).edit_version if edit_version is None else edit_version
    return client.post(transition_url(article), data, follow=True)


def public_page(client, article):
    response = client.get(f"/articles/{article.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def buttons(page_html):
    """The labels of the workflow step buttons (not Compare or Restore)."""
    forms_html = "".join(re.findall(r'<form [^>]*class="workflow-action.*?</form>', page_html, re.DOTALL))
    return re.findall(r'<button type="submit" class="button[^"]*">([^<]+)</button>', forms_html)


def _plain(fragment):
    fragment = re.sub(r'<span class="visually-hidden">[^<]*</span>', "", fragment)
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def diff_changes(page_html):
    """The review page's diff as {field label: [(before, after, removed words, added words)]},
    one entry per changed line or paragraph."""
    changes = {}
    for label, body in re.findall(r'<section class="diff-field">\s*<h3>(.*?)</h3>(.*?)</section>', page_html, re.DOTALL):
        entries = changes.setdefault(html.unescape(label), [])
        for para in re.findall(r'<div class="diff-para diff-para--(?:changed|added|removed)"[^>]*>(.*?)<a class="diff-next"',
                               body, re.DOTALL):  # fmt: skip
            old = re.search(r'<div class="diff-old">(.*?)</div>', para, re.DOTALL)
            new = re.search(r'<div class="diff-new">(.*?)</div>', para, re.DOTALL)
            entries.append((
                _plain(old.group(1)) if old else "",
                _plain(new.group(1)) if new else "",
                [_plain(w) for w in re.findall(r"<del>(.*?)</del>", para, re.DOTALL)],
                [_plain(w) for w in re.findall(r"<ins>(.*?)</ins>", para, re.DOTALL)],
            ))  # fmt: skip
    return changes


def run_bulk(client, action, articles):
    return client.post(
        "/admin/articles/article/",
        {"action": action, "_selected_action": [a.pk for a in articles], "index": "0"},
        follow=True,
    )


def offered_actions(client):
    page = client.get("/admin/articles/article/").content.decode()
    return set(re.findall(r'<option value="(\w+_selected)"', page))


def changelist_rows(page):
    """The article list as (header cells, rows of cell texts)."""
    table = re.search(r'<table id="result_list">.*?</table>', page, re.DOTALL).group(0)

    def cells(fragment):
        found = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", fragment, re.DOTALL)
        return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", c)).split()) for c in found]

    head = re.search(r"<thead>(.*?)</thead>", table, re.DOTALL).group(1)
    body_rows = re.findall(r"<tr[^>]*>(.*?)</tr>", re.search(r"<tbody>(.*?)</tbody>", table, re.DOTALL).group(1),
                           re.DOTALL)  # fmt: skip
    return cells(head), [cells(row) for row in body_rows]


def editor_and_reviewer(**kwargs):
    """Someone in both groups: may edit, and may approve other people's work."""
    from django.contrib.auth.models import Group

    person = editor(**kwargs)
    person.groups.add(Group.objects.get(name="Reviewers"))
    return person


def readability_section(page):
    match = re.search(r"Reading level of the working copy.*?</div>\s*</div>", page, re.DOTALL)
    assert match, "no readability field on the page"
    return html.unescape(match.group(0))


# --- In a real browser ------------------------------------------------------------------

PASSWORD = "correct-horse-battery-staple"  # the factories' password


def log_in(page, user):
    """Through the real login form, so django-axes sees a real request."""
    from playwright.sync_api import expect

    page.goto("/admin/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()
