from django.db import migrations

from ._consent_texts_v1 import TEXTS


def forwards(apps, schema_editor):
    ConsentText = apps.get_model("registry", "ConsentText")
    for purpose, text in TEXTS.items():
        ConsentText.objects.get_or_create(purpose=purpose, version=1, defaults={"text": text})


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_search_trigram")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
