"""The town's setting for the 10% goal's base (seed 000: «ориентир 10% жителей» — the town's
residents by default, or its residents aged 14+), and the source and date of its population
figures. A town that had no total population on record but a 14+ figure keeps its goal counted
against residents 14+, as before, instead of a goal of zero (docs/architecture.md, «Release
notes»)."""

from django.db import migrations, models


def keep_counting_towns_without_a_total(apps, schema_editor):
    Territory = apps.get_model("territories", "Territory")
    Territory.objects.filter(population_total=0, population_14_plus__gt=0).update(
        engagement_base="population_14_plus")


class Migration(migrations.Migration):

    dependencies = [
        ("territories", "0003_territory_coordinates_fill"),
    ]

    operations = [
        migrations.AddField(
            model_name="territory",
            name="engagement_base",
            field=models.CharField(
                choices=[("population", "все жители города"),
                         ("population_14_plus", "жители 14 лет и старше")],
                default="population", max_length=20, verbose_name="база цели"),
        ),
        migrations.AddField(
            model_name="territory",
            name="population_source",
            field=models.CharField(blank=True, max_length=200,
                                   verbose_name="источник численности населения"),
        ),
        migrations.AddField(
            model_name="territory",
            name="population_as_of",
            field=models.DateField(blank=True, null=True, verbose_name="численность на дату"),
        ),
        migrations.RunPython(keep_counting_towns_without_a_total, migrations.RunPython.noop),
    ]
