"""The words readers use, seeded from the bundled articles. Editors keep the
table in the admin from here on (Articles > Synonyms)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# (term, meaning, register, clinical): a search for the term also searches
# for every word of the meaning.
SYNONYMS = [
    ("charley horse", "leg cramp", "lay", False),
    ("charlie horse", "leg cramp", "lay", False),
    ("muscle spasm", "cramp", "lay", False),
    ("seized up", "cramp", "lay", False),
    ("nocturnal leg cramps", "night cramps", "medical", False),
    ("dvt", "blood clot in a leg vein", "medical", False),
    ("deep vein thrombosis", "blood clot in a leg vein", "medical", False),
    ("thrombosis", "blood clot", "medical", False),
    ("blood clot", "deep vein thrombosis", "lay", False),
    ("clot in my leg", "blood clot in a leg vein", "lay", False),
    ("pulmonary embolism", "clot in the lung", "medical", False),
    ("water tablets", "diuretics", "lay", False),
    ("water pills", "diuretics", "lay", False),
    ("diuretics", "water pills", "medical", False),
    ("statins", "medicines linked to cramps", "medical", False),
    ("side effects", "medicines linked to cramps", "lay", False),
    ("tablets", "medicines", "lay", False),
    ("drugs", "medicines", "lay", False),
    ("medication", "medicines", "lay", False),
    ("the pill", "birth control pills", "lay", False),
    ("contraceptive pill", "birth control pills", "lay", False),
    ("oestrogen", "estrogens", "lay", False),
    ("hrt", "hormone medicine menopause", "medical", False),
    ("painkillers", "pain medicine", "lay", False),
    ("nsaid", "naproxen", "medical", False),
    ("popliteal cyst", "baker's cyst", "medical", False),
    ("lump behind the knee", "baker's cyst", "lay", False),
    ("behind knee", "baker's cyst", "lay", False),
    ("behind the knee", "baker's cyst", "lay", False),
    ("back of the knee", "baker's cyst", "lay", False),
    ("peripheral arterial disease", "peripheral artery disease", "medical", False),
    ("poor circulation", "peripheral artery disease", "lay", False),
    ("narrowed arteries", "peripheral artery disease", "lay", False),
    ("claudication", "calf pain when walking", "medical", False),
    ("pregnant", "pregnancy", "lay", False),
    ("expecting a baby", "pregnancy", "lay", False),
    ("rls", "restless legs", "medical", False),
    ("willis ekbom", "restless legs", "medical", False),
    ("sciatica", "nerve problems", "lay", False),
    ("pins and needles", "nerve problems", "lay", False),
    ("peripheral neuropathy", "nerve problems", "medical", False),
    ("underactive thyroid", "thyroid", "lay", False),
    ("hypothyroidism", "underactive thyroid", "medical", False),
    ("electrolytes", "salts", "medical", False),
    ("tonic water", "quinine", "lay", False),
    ("treatment", "treating", "lay", False),
    ("cure", "treating", "lay", False),
    ("remedies", "treating", "lay", False),
    ("exercises", "stretches", "lay", False),
    ("stop cramps", "preventing leg cramps", "lay", False),
    ("stop a cramp", "treating a cramp", "lay", False),
    ("symptoms", "signs", "lay", False),
    ("swollen calf", "blood clot", "lay", False),
    ("swollen leg", "blood clot", "lay", False),
    ("gp", "doctor", "lay", False),
    ("emergency", "ambulance", "lay", False),
    ("red flags", "when to see a doctor", "medical", False),
    # Only health professionals search like this: the professional article
    # is then ranked on its merits.
    ("differential diagnosis", "calf pain", "medical", True),
    ("differential", "calf pain", "medical", True),
    ("ddx", "differential diagnosis", "medical", True),
    ("aetiology", "causes", "medical", True),
    ("etiology", "causes", "medical", True),
    ("prescribing", "medicines", "medical", True),
    ("management", "treating", "medical", True),
]


EDITOR_PERMISSIONS = [
    "add_synonym", "change_synonym", "delete_synonym", "view_synonym",
    "view_searchmiss", "delete_searchmiss",
    "add_searchpromotion", "change_searchpromotion", "delete_searchpromotion", "view_searchpromotion",
]  # fmt: skip
REVIEWER_PERMISSIONS = ["view_synonym", "view_searchmiss", "view_searchpromotion"]


def seed_synonyms(apps):
    Synonym = apps.get_model("articles", "Synonym")
    for term, meaning, register, clinical in SYNONYMS:
        Synonym.objects.get_or_create(term=term, meaning=meaning, defaults={"register": register, "clinical": clinical})


def seed(apps, schema_editor):
    seed_synonyms(apps)
    # Permissions are normally made after all migrations (as in 0002).
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in [("Editors", EDITOR_PERMISSIONS), ("Reviewers", REVIEWER_PERMISSIONS)]:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="articles", codename__in=codenames))


def unseed(apps, schema_editor):
    Synonym = apps.get_model("articles", "Synonym")
    for term, meaning, _, _ in SYNONYMS:
        Synonym.objects.filter(term=term, meaning=meaning).delete()


class Migration(migrations.Migration):
    dependencies = [("articles", "0010_search")]
    operations = [migrations.RunPython(seed, unseed)]
