"""Where each person's activity began: the first action's kind, object and channel."""

from django.db import migrations, models

# Existing activity rows learn their origin from the ledger: the person's first action (the
# lowest id among those at first_at). One statement; the (person, occurred_at) index serves it.
BACKFILL = """
UPDATE ledger_personactivity
SET (first_kind, first_object_type, first_object_id, first_source) = (
  SELECT a.kind, a.object_type, a.object_id, a.source FROM ledger_action a
  WHERE a.person_id = ledger_personactivity.person_id
    AND a.occurred_at = ledger_personactivity.first_at
  ORDER BY a.id LIMIT 1)
WHERE EXISTS (SELECT 1 FROM ledger_action a
              WHERE a.person_id = ledger_personactivity.person_id
                AND a.occurred_at = ledger_personactivity.first_at)
"""


class Migration(migrations.Migration):

    dependencies = [
        ('ledger', '0005_presence_is_not_an_action'),
    ]

    operations = [
        migrations.AddField(
            model_name='personactivity',
            name='first_kind',
            field=models.CharField(blank=True, default='', max_length=20),
        ),
        migrations.AddField(
            model_name='personactivity',
            name='first_object_id',
            field=models.CharField(blank=True, default='', max_length=40),
        ),
        migrations.AddField(
            model_name='personactivity',
            name='first_object_type',
            field=models.CharField(blank=True, default='', max_length=60),
        ),
        migrations.AddField(
            model_name='personactivity',
            name='first_source',
            field=models.CharField(blank=True, default='', max_length=20),
        ),
        migrations.AddIndex(
            model_name='personactivity',
            index=models.Index(fields=['territory', 'first_at'], name='ledger_pa_town_first'),
        ),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
    ]
