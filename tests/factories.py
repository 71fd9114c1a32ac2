"""Realistic test data: staff in their real groups, and articles with
references that go through the real workflow to be published."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from articles.models import Article, Category, Reference, Status, Transition
from articles.workflow import publish

BODY = """## What a cramp feels like

A cramp is a sudden, tight pain in a muscle, most often the calf [ref:allen2012].
It usually lasts a few seconds to a few minutes.

## When to get help

!!! danger "Call [emergency-number] if"
    - you suddenly find it hard to breathe

| Sign | Cramp | Clot |
|------|-------|------|
| Starts | Suddenly | Slowly |
"""


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = "Sam"
    last_name = factory.Sequence(lambda n: f"Tester{n}")
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery-staple")

    @factory.post_generation
    def group(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))
            self.save()


def editor(**kwargs):
    return UserFactory(group="Editors", **kwargs)


def reviewer(**kwargs):
    return UserFactory(group="Reviewers", **kwargs)


def category(slug="causes"):
    """The topics come from a data migration; reuse them."""
    return Category.objects.get(slug=slug)


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Leg cramps explained, part {n}")
    slug = factory.Sequence(lambda n: f"leg-cramps-explained-{n}")
    category = factory.LazyFunction(category)
    summary = "What a leg cramp is, how long it lasts and when to get help."
    body = BODY
    created_by = None

    @factory.post_generation
    def references(self, create, extracted, **kwargs):
        if create and extracted is not False:
            ReferenceFactory(article=self)


class ReferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reference

    key = "allen2012"
    authors = "Allen RE, Kirby KA"
    title = "Nocturnal leg cramps"
    publisher = "American Family Physician"
    year = 2012
    pmid = "23062091"


def published_article(approver=None, reviewed_on=None, **kwargs):
    """An article approved through the real publishing code."""
    article = ArticleFactory(**kwargs)
    revision = publish(article, approver, reviewer_name="Leg Cramp Guide editorial team",
                       reviewed_on=reviewed_on or datetime.date(2026, 11, 1))  # fmt: skip
    Transition.objects.create(article=article, action="approve", from_status=article.status,
                              to_status=Status.APPROVED, by=approver, revision=revision)  # fmt: skip
    article.status = Status.APPROVED
    article.save()
    return article
