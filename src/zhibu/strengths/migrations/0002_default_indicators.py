"""The default "七个有力" indicators (see zhibu.strengths.defaults). Indicators already present (by code) are
left as they are, so re-running never overwrites an administrator's edits."""

from django.db import migrations

from zhibu.strengths.defaults import default_rows


def add_defaults(apps, schema_editor):
    Indicator = apps.get_model("strengths", "Indicator")
    existing = set(Indicator.objects.values_list("code", flat=True))
    Indicator.objects.bulk_create([Indicator(**row) for row in default_rows() if row["code"] not in existing])


class Migration(migrations.Migration):
    dependencies = [("strengths", "0001_initial")]
    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
