"""Topics in the admin: only reviewers change them, and every change is audited.

The groups' permissions decide who may add or change a topic (Reviewers:
add and change; Editors: view only; see migration 0005). Each save goes
through TopicChange.save_topic, which records who changed what, from what
to what; the record is shown on the topic's page here and in its own list.
"""

from django.contrib import admin
from django.utils.html import format_html_join

from articles.models import Category, TopicChange


def _shown(value):
    return f"“{value}”" if isinstance(value, str) else str(value)


def _describe(change):
    """'description: “old” → “new”; position: 2 → 3', or the values a new topic got."""
    if not change.before:
        return format_html_join("; ", "{}: {}", ((field, _shown(value)) for field, value in change.after.items()))
    return format_html_join(
        "; ", "{}: {} → {}", ((f, _shown(change.before.get(f)), _shown(v)) for f, v in change.after.items())
    )


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["position", "name"]
    readonly_fields = ["change_history"]

    def save_model(self, request, obj, form, change):
        TopicChange.save_topic(obj, by=request.user)

    def has_delete_permission(self, request, obj=None):
        # Links to a topic's address, and its audit trail, stay: rename it instead.
        return False

    @admin.display(description="Changes")
    def change_history(self, obj):
        changes = list(obj.changes.select_related("by")) if obj and obj.pk else []
        if not changes:
            return "No changes recorded since the topic was set up."
        return format_html_join(
            "",
            "<p><strong>{} by {}</strong><br>{}</p>",
            ((c.at.strftime("%d %b %Y %H:%M"), c.by or "nobody recorded", _describe(c)) for c in changes),
        )


@admin.register(TopicChange)
class TopicChangeAdmin(admin.ModelAdmin):
    """The audit trail: visible to staff, never added, changed or deleted here."""

    list_display = ["at", "category", "by", "what_changed"]
    list_filter = ["category"]
    list_select_related = ["category", "by"]

    @admin.display(description="What changed")
    def what_changed(self, obj):
        return _describe(obj)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
