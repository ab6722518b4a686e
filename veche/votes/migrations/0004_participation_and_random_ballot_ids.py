"""Issue 15 p.6, step 1 of 3: who voted (`Participation`) apart from what was voted (`Ballot`).

Adds the participation table, makes the ballot's id random (no sequence: ids in insertion order
would line ballots up with participations and ledger actions), lets a ballot have no person, and
renames the abuse flags' id list (it will list participations). 0005 moves the data, 0006 drops
the ballot's person-side columns and its plain receipt code.
"""

import django.db.models.deletion
from django.db import migrations, models

import veche.votes.models.ballots


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0007_email_label_ru'),
        ('territories', '0004_territory_engagement_base'),
        ('votes', '0003_vote_building_eligibility'),
    ]

    operations = [
        migrations.RenameField(
            model_name='abuseflag',
            old_name='ballot_ids',
            new_name='participation_ids',
        ),
        migrations.AlterField(
            model_name='ballot',
            name='id',
            field=models.BigIntegerField(default=veche.votes.models.ballots.ballot_id_new,
                                         editable=False, primary_key=True, serialize=False),
        ),
        migrations.AlterField(
            model_name='ballot',
            name='person',
            field=models.ForeignKey(blank=True, null=True,
                                    on_delete=django.db.models.deletion.PROTECT,
                                    related_name='ballots', to='registry.person'),
        ),
        migrations.CreateModel(
            name='Participation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name='ID')),
                ('channel', models.CharField(choices=[('web', 'сайт'), ('api', 'API'),
                                                      ('paper', 'бумажный бюллетень')],
                                             default='web', max_length=5)),
                ('at', models.DateTimeField()),
                ('ip_hash', models.CharField(blank=True, max_length=16)),
                ('device_hash', models.CharField(blank=True, max_length=16)),
                ('invitation', models.ForeignKey(
                    blank=True, db_index=False, null=True,
                    on_delete=django.db.models.deletion.SET_NULL, related_name='participations',
                    to='votes.invitation')),
                ('person', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT,
                                             related_name='participations',
                                             to='registry.person')),
                ('territory', models.ForeignKey(db_index=False,
                                                on_delete=django.db.models.deletion.CASCADE,
                                                to='territories.territory')),
                ('vote', models.ForeignKey(db_index=False,
                                           on_delete=django.db.models.deletion.PROTECT,
                                           related_name='participations', to='votes.vote')),
            ],
            options={
                'ordering': ['id'],
                'constraints': [models.UniqueConstraint(fields=('vote', 'person'),
                                                        name='participation_one_per_person')],
            },
        ),
    ]
