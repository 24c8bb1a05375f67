"""The opt-out's phone numbers encrypted at rest like every other phone, one row per number by its digest
(docs/decisions/0029)."""

import gaoxin.core.personal
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0008_personal_data_encrypted"),
    ]

    operations = [
        migrations.AddField(
            model_name="smsnumber",
            name="phone_digest",
            # No index until it is unique: on PostgreSQL an indexed text column made unique gets its pattern index twice.
            field=gaoxin.core.personal.DigestField(blank=True, db_index=False, editable=False, max_length=64, of="phone"),
        ),
        migrations.AlterField(
            model_name="smsnumber",
            name="phone",
            field=gaoxin.core.personal.EncryptedField(max_length=20, verbose_name="手机号"),
        ),
        # The digests written before they are made unique.
        gaoxin.core.personal.encrypt_existing("notifications", "smsnumber", "phone"),
        migrations.AlterField(
            model_name="smsnumber",
            name="phone_digest",
            field=gaoxin.core.personal.DigestField(blank=True, db_index=False, editable=False, max_length=64, of="phone", unique=True),
        ),
    ]
