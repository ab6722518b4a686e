from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('territories', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='territory',
            name='boundary',
            field=models.JSONField(blank=True, default=list, verbose_name='граница'),
        ),
        migrations.AddField(
            model_name='territory',
            name='latitude',
            field=models.FloatField(blank=True, null=True, verbose_name='широта'),
        ),
        migrations.AddField(
            model_name='territory',
            name='longitude',
            field=models.FloatField(blank=True, null=True, verbose_name='долгота'),
        ),
    ]
