from django.db import migrations

TEXTS = {
    "participation": (
        "Я даю согласие администрации города на обработку моих персональных данных (ФИО, дата "
        "рождения, адрес, телефон, email) для учёта моего участия в голосованиях, обсуждениях, "
        "мероприятиях и обращениях. Согласие можно отозвать в личном кабинете в любой момент."
    ),
    "messages": (
        "Я согласен получать сообщения Главы города и администрации по выбранному каналу связи. "
        "Согласие по каждому каналу можно отозвать в личном кабинете в любой момент."
    ),
    "analytics": (
        "Я согласен на анализ моей активности (в обезличенном виде, а при необходимости — с "
        "указанием моей записи в реестре) для оценки вовлечённости жителей и поиска лидеров "
        "общественного мнения. Согласие можно отозвать в личном кабинете в любой момент."
    ),
}


def forwards(apps, schema_editor):
    ConsentText = apps.get_model("registry", "ConsentText")
    for purpose, text in TEXTS.items():
        ConsentText.objects.get_or_create(purpose=purpose, version=1, defaults={"text": text})


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_search_trigram")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
