"""Issue 15 p.6, step 3 of 3: the ballot loses what concerned its voter (time, IP and device
hashes, invitation: now on the participation) and its plain receipt code (the published
`receipt_hash` is all the server keeps; the code is shown to the voter once)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('votes', '0005_separate_voters_from_ballots'),
    ]

    operations = [
        migrations.RemoveField(model_name='ballot', name='cast_at'),
        migrations.RemoveField(model_name='ballot', name='device_hash'),
        migrations.RemoveField(model_name='ballot', name='invitation'),
        migrations.RemoveField(model_name='ballot', name='ip_hash'),
        migrations.RemoveField(model_name='ballot', name='receipt_code'),
    ]
