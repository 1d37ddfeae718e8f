from django.db import migrations

from renkei.capabilities.taxonomy import load_taxonomy


def forwards(apps, schema_editor):
    load_taxonomy(
        apps.get_model("capabilities", "ProcessCategory"),
        apps.get_model("capabilities", "Process"),
        apps.get_model("capabilities", "MaterialFamily"),
        apps.get_model("capabilities", "Material"),
    )


class Migration(migrations.Migration):
    dependencies = [("capabilities", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
