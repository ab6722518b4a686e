"""Issue 15 p.6, step 2 of 3: existing ballots become a participation per voter and a ballot.

For every vote: one participation per person who voted (time, channel, invitation, IP and device
hashes of their first ballot: when they took part). Where the vote does not allow changing a
ballot (and none was ever replaced), the ballots lose their person and get new random ids,
rewritten in random order, so neither a column nor the id order joins them to a voter. Abuse
flags then list participations instead of ballots. Every stored receipt code is checked against
its hash (the hash is what stays; 0006 drops the codes).
"""

import hashlib
import random
import secrets

from django.db import migrations

CHUNK = 5000


def _new_id(taken: set) -> int:
    while True:
        i = secrets.randbelow(2**63 - 2**40) + 2**40
        if i not in taken:
            taken.add(i)
            return i


def forwards(apps, schema_editor):
    Ballot = apps.get_model("votes", "Ballot")
    Participation = apps.get_model("votes", "Participation")
    Vote = apps.get_model("votes", "Vote")
    AbuseFlag = apps.get_model("votes", "AbuseFlag")
    table = Ballot._meta.db_table
    rng = random.SystemRandom()
    taken: set = set()
    for vote in Vote.objects.all().only("id", "territory_id", "allow_change").iterator():
        rows = list(Ballot.objects.filter(vote_id=vote.pk).order_by("id").values_list(
            "id", "person_id", "cast_at", "channel", "invitation_id", "ip_hash", "device_hash",
            "replaces_id", "is_current", "receipt_code", "receipt_hash"))
        if not rows:
            continue
        first: dict = {}
        for row in rows:
            if row[1] not in first or row[2] < first[row[1]][2]:
                first[row[1]] = row
            code, rhash = row[9], row[10]
            good = hashlib.sha256(f"veche-receipt:{vote.pk}:{code}".encode()).hexdigest()
            if code and rhash != good:
                Ballot.objects.filter(pk=row[0]).update(receipt_hash=good)
        Participation.objects.bulk_create(
            [Participation(territory_id=vote.territory_id, vote_id=vote.pk, person_id=person,
                           channel=r[3], at=r[2], invitation_id=r[4], ip_hash=r[5],
                           device_hash=r[6])
             for person, r in sorted(first.items(), key=lambda kv: kv[1][2])],
            batch_size=CHUNK)
        part_of = dict(Participation.objects.filter(vote_id=vote.pk)
                       .values_list("person_id", "id"))
        by_ballot = {r[0]: part_of[r[1]] for r in rows}
        for flag in AbuseFlag.objects.filter(vote_id=vote.pk):
            flag.participation_ids = sorted({by_ballot[i] for i in flag.participation_ids
                                             if i in by_ballot})
            flag.save(update_fields=["participation_ids"])
        if vote.allow_change or any(r[7] or not r[8] for r in rows):
            continue  # changes were possible: the person stays linked, as the page says
        pairs = [(_new_id(taken), r[0]) for r in rows]
        rng.shuffle(pairs)
        with schema_editor.connection.cursor() as cursor:
            for i in range(0, len(pairs), CHUNK):
                cursor.executemany(
                    f"UPDATE {table} SET id = %s, person_id = NULL WHERE id = %s",
                    pairs[i:i + CHUNK])


class Migration(migrations.Migration):

    dependencies = [
        ('votes', '0004_participation_and_random_ballot_ids'),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
