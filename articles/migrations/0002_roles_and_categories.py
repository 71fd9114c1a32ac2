"""Create the Editors and Reviewers groups and the starting topics."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_PERMISSIONS = [
    "add_article", "change_article", "view_article",
    "add_reference", "change_reference", "delete_reference", "view_reference",
    "add_category", "change_category", "view_category",
    "view_revision", "view_transition", "view_feedback", "delete_feedback",
]  # fmt: skip
REVIEWER_PERMISSIONS = [
    "view_article", "approve_article", "view_reference", "view_category",
    "view_revision", "view_transition", "view_feedback",
]  # fmt: skip

CATEGORIES = [
    ("Causes", "causes", "What leg cramps are, who gets them and what sets them off."),
    ("Medicines linked to cramps", "medicines", "Medicines that can cause leg cramps as a side effect."),
    ("Prevention and stretches", "prevention-and-stretches", "Stretches and habits that ease and prevent cramps."),
    ("When to see a doctor", "when-to-see-a-doctor", "Signs that leg pain needs a doctor, and how to tell a cramp from a clot."),
    ("Conditions that can feel like cramps", "conditions-like-cramps", "Other causes of calf pain, some of them serious."),
]  # fmt: skip


def forwards(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they
    # exist now so the groups can be given them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Category = apps.get_model("articles", "Category")
    for name, codenames in [("Editors", EDITOR_PERMISSIONS), ("Reviewers", REVIEWER_PERMISSIONS)]:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(Permission.objects.filter(content_type__app_label="articles", codename__in=codenames))
    for position, (name, slug, description) in enumerate(CATEGORIES):
        Category.objects.get_or_create(slug=slug, defaults={"name": name, "description": description, "position": position})


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editors", "Reviewers"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
