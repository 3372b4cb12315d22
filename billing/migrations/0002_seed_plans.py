from django.db import migrations

from billing.plans import DEFAULT_PLANS, ensure_default_plans


def seed(apps, schema_editor):
    ensure_default_plans(apps.get_model("billing", "Plan"))


def unseed(apps, schema_editor):
    slugs = [plan["slug"] for plan in DEFAULT_PLANS]
    apps.get_model("billing", "Plan").objects.filter(slug__in=slugs, accounts=None).delete()


class Migration(migrations.Migration):
    dependencies = [("billing", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
