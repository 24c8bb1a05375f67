"""Resident ID numbers and phones encrypted at rest, with a digest to find them (docs/decisions/0029)."""

from django.db import migrations

import gaoxin.core.personal
import gaoxin.identity.validators


class Migration(migrations.Migration):
    dependencies = [
        ("economy", "0004_legal_representative_id"),
    ]

    operations = [
        migrations.AddField(
            model_name="enterprise",
            name="legal_representative_id_digest",
            field=gaoxin.core.personal.DigestField(
                blank=True, db_index=True, editable=False, max_length=64, of="legal_representative_id"
            ),
        ),
        migrations.AlterField(
            model_name="enterprise",
            name="legal_representative_id",
            field=gaoxin.core.personal.EncryptedField(
                blank=True,
                max_length=18,
                validators=[gaoxin.identity.validators.validate_resident_id],
                verbose_name="法定代表人身份证号",
            ),
        ),
        # Every existing row's values encrypted and their digests written (reversible with the key).
        gaoxin.core.personal.encrypt_existing("economy", "enterprise", "legal_representative_id"),
    ]
