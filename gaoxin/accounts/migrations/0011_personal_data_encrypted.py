"""Resident ID numbers and phones encrypted at rest, with a digest to find them (docs/decisions/0029)."""

from django.db import migrations

import gaoxin.core.personal
import gaoxin.identity.validators


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0010_passwords_and_second_factor"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="id_number_digest",
            field=gaoxin.core.personal.DigestField(
                blank=True, db_index=True, editable=False, max_length=64, of="id_number"
            ),
        ),
        migrations.AddField(
            model_name="user",
            name="phone_digest",
            field=gaoxin.core.personal.DigestField(
                blank=True, db_index=True, editable=False, max_length=64, of="phone"
            ),
        ),
        migrations.AlterField(
            model_name="user",
            name="id_number",
            field=gaoxin.core.personal.EncryptedField(
                blank=True,
                max_length=18,
                validators=[gaoxin.identity.validators.validate_resident_id],
                verbose_name="居民身份证号",
            ),
        ),
        migrations.AlterField(
            model_name="user",
            name="phone",
            field=gaoxin.core.personal.EncryptedField(blank=True, max_length=20, verbose_name="联系电话"),
        ),
        # Every existing row's values encrypted and their digests written (reversible with the key).
        gaoxin.core.personal.encrypt_existing("accounts", "user", "id_number", "phone"),
    ]
