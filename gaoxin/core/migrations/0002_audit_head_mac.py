from django.db import migrations, models


def sign_existing_heads(apps, schema_editor):
    """The heads written before heads were signed get their MAC now: run audit_verify before upgrading, since this
    signs whatever the heads say (docs/decisions/0025-tamper-evident-audit-and-encrypted-backups.md)."""
    from gaoxin.core.audit import head_mac

    AuditHead = apps.get_model("core", "AuditHead")
    heads = list(AuditHead.objects.using(schema_editor.connection.alias).filter(mac=""))
    for head in heads:
        head.mac = head_mac(head.subject_type, head.subject_id, head.seq, head.hash)
    AuditHead.objects.using(schema_editor.connection.alias).bulk_update(heads, ["mac"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="audithead", name="mac", field=models.CharField(default="", max_length=64)
        ),
        migrations.RunPython(sign_existing_heads, migrations.RunPython.noop),
    ]
