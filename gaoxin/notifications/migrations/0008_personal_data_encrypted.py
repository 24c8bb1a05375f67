"""Delivery addresses (phones, e-mail addresses) encrypted at rest, found by digest (docs/decisions/0029)."""

import gaoxin.core.personal
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0007_kind_account_locked'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='delivery',
            name='delivery_once',
        ),
        migrations.AddField(
            model_name='delivery',
            name='address_digest',
            field=gaoxin.core.personal.DigestField(blank=True, db_index=True, editable=False, max_length=64, of='address'),
        ),
        migrations.AlterField(
            model_name='delivery',
            name='address',
            field=gaoxin.core.personal.EncryptedField(max_length=254, verbose_name='地址'),
        ),
        # Every existing address encrypted and its digest written before the constraint reads the digests.
        gaoxin.core.personal.encrypt_existing("notifications", "delivery", "address"),
        migrations.AddConstraint(
            model_name='delivery',
            constraint=models.UniqueConstraint(fields=('channel', 'address_digest', 'kind', 'subject_key'), name='delivery_once'),
        ),
    ]
