import datetime

from django.db import migrations, models


def expire_unowned(apps, schema_editor):
    """A paper kept before its subject was recorded belongs to no one the wallet can tell: it is kept, expired, and
    offered to no case (the applicant's next upload keeps a fresh one with its subject)."""
    WalletDocument = apps.get_model("wallet", "WalletDocument")
    for document in WalletDocument.objects.all():
        document.valid_until = document.kept_at.date()
        document.save(update_fields=["valid_until"])


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0005_material_reuse"),
        ("wallet", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="walletdocument", name="wallet_one_per_material"),
        migrations.AddField(
            model_name="walletdocument",
            name="subject",
            field=models.CharField(default="", max_length=300, verbose_name="所属对象"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="walletdocument",
            name="valid_until",
            field=models.DateField(default=datetime.date(2000, 1, 1), verbose_name="可复用至"),
            preserve_default=False,
        ),
        migrations.RunPython(expire_unowned, migrations.RunPython.noop),
        migrations.AlterModelOptions(
            name="walletdocument",
            options={
                "ordering": ["material__code", "-kept_at"],
                "verbose_name": "钱包材料",
                "verbose_name_plural": "钱包材料",
            },
        ),
        migrations.AddConstraint(
            model_name="walletdocument",
            constraint=models.UniqueConstraint(
                fields=("owner", "material", "subject"), name="wallet_one_per_material_subject"
            ),
        ),
    ]
