"""Resident ID numbers and phones encrypted at rest, with a digest to find them (docs/decisions/0029)."""

from django.db import migrations

import gaoxin.core.personal


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="project",
            name="responsible_person_phone_digest",
            field=gaoxin.core.personal.DigestField(
                blank=True, db_index=True, editable=False, max_length=64, of="responsible_person_phone"
            ),
        ),
        migrations.AlterField(
            model_name="project",
            name="responsible_person_phone",
            field=gaoxin.core.personal.EncryptedField(blank=True, max_length=20, verbose_name="责任人电话"),
        ),
        # Every existing row's values encrypted and their digests written (reversible with the key).
        gaoxin.core.personal.encrypt_existing("projects", "project", "responsible_person_phone"),
    ]
