"""A document keeps its SES_Signature's signature value and propertyInfo instead of the whole DER (which repeats its
seal's 17 KB); the rest is rebuilt from the seal key and the row."""

import base64

from django.db import migrations, models

from gaoxin.documents import ses


def keep_value_and_property(apps, schema_editor):
    Document = apps.get_model("documents", "Document")
    for document in Document.objects.only("pk", "ses_signature").iterator():
        read = ses.read_signature(bytes(document.ses_signature))
        document.ses_signature_value = base64.b64encode(read.signature).decode("ascii")
        document.ses_property_info = read.property_info
        document.save(update_fields=["ses_signature_value", "ses_property_info"])


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="document",
            name="ses_signature_value",
            field=models.CharField(default="", max_length=120, verbose_name="电子签章签名值（GB/T 38540，Base64）"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="document",
            name="ses_property_info",
            field=models.CharField(default="", max_length=200, verbose_name="电子签章原文属性（propertyInfo）"),
            preserve_default=False,
        ),
        migrations.RunPython(keep_value_and_property, elidable=True),
        migrations.RemoveField(model_name="document", name="ses_signature"),
    ]
