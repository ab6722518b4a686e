from django.db import migrations

from veche.registry.consent_texts import TEXTS_V1 as TEXTS


def forwards(apps, schema_editor):
    ConsentText = apps.get_model("registry", "ConsentText")
    for purpose, text in TEXTS.items():
        ConsentText.objects.get_or_create(purpose=purpose, version=1, defaults={"text": text})


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_search_trigram")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
