"""Topics are public text: only reviewers change them, and every change is audited.

Editors keep seeing topics but no longer add, change or delete them;
Reviewers add and change them. Both see the audit trail (TopicChange).
"""

import django.db.models.deletion
from django.contrib.auth.management import create_permissions
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


EDITORS_LOSE = ["add_category", "change_category", "delete_category"]
REVIEWERS_GAIN = ["add_category", "change_category"]
BOTH_GAIN = ["view_topicchange"]


def apply_topic_roles(Group, Permission):
    """Also used by tests/factories.py to put the roles back after a flush."""
    articles = Permission.objects.filter(content_type__app_label="articles")
    editors, _ = Group.objects.get_or_create(name="Editors")
    reviewers, _ = Group.objects.get_or_create(name="Reviewers")
    editors.permissions.remove(*articles.filter(codename__in=EDITORS_LOSE))
    editors.permissions.add(*articles.filter(codename__in=BOTH_GAIN))
    reviewers.permissions.add(*articles.filter(codename__in=REVIEWERS_GAIN + BOTH_GAIN))


def forwards(apps, schema_editor):
    # The new model's permissions normally appear after all migrations.
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    apply_topic_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def backwards(apps, schema_editor):
    Group, Permission = apps.get_model("auth", "Group"), apps.get_model("auth", "Permission")
    articles = Permission.objects.filter(content_type__app_label="articles")
    Group.objects.get(name="Editors").permissions.add(*articles.filter(codename__in=["add_category", "change_category"]))
    Group.objects.get(name="Reviewers").permissions.remove(*articles.filter(codename__in=REVIEWERS_GAIN + BOTH_GAIN))


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0006_images'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='TopicChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('at', models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                ('before', models.JSONField(blank=True, default=dict)),
                ('after', models.JSONField(default=dict)),
                ('by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('category', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='changes', to='articles.category')),
            ],
            options={
                'verbose_name': 'topic change',
                'ordering': ['-at', '-id'],
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
