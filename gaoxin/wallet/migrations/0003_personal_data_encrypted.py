"""A person's kept papers are filed under the digest of their ID number instead of the number (docs/decisions/0029)."""

from django.db import migrations

from gaoxin.core import personal

PERSON_SCOPE = "person"  # catalog.ReuseScope.PERSON


def _person_documents(apps):
    WalletDocument = apps.get_model("wallet", "WalletDocument")
    return WalletDocument.objects.filter(material__reuse_scope=PERSON_SCOPE).exclude(subject="")


def file_under_digest(apps, schema_editor):
    for document in _person_documents(apps):
        if not personal.is_digest(document.subject):
            document.subject = personal.digest(document.subject)
            document.save(update_fields=["subject"])


class Migration(migrations.Migration):
    """Not reversible: a digest cannot be turned back into its number. Going back leaves the papers under digests,
    which the older code never matches, so they are simply not offered again (the applicant uploads them anew)."""

    dependencies = [
        ("catalog", "0006_search_and_themes"),
        ("wallet", "0002_document_subject"),
    ]

    operations = [migrations.RunPython(file_under_digest, migrations.RunPython.noop)]
