"""A delivery's address (a phone, an e-mail address) is personal data: encrypted in its column, once per event by
its digest (docs/decisions/0029-personal-data-encrypted-and-masked.md)."""

import pytest
from django.db import IntegrityError, connection, transaction

from gaoxin.core import personal
from gaoxin.notifications.models import Channel, Delivery, Kind

pytestmark = pytest.mark.django_db


def sms(subject_key: str = "case:1") -> Delivery:
    return Delivery.objects.create(
        kind=Kind.values[0], subject_key=subject_key, channel=Channel.SMS, address="13800000021"
    )


def test_the_address_column_holds_no_phone_and_an_event_reaches_it_once():
    delivery = sms()
    with connection.cursor() as cursor:
        cursor.execute("SELECT address, address_digest FROM notifications_delivery")
        ((stored, digest),) = cursor.fetchall()
    assert "13800000021" not in stored and stored.startswith("pii1:") and digest == personal.digest("13800000021")
    assert Delivery.objects.get(personal.matching("address", "13800000021")) == delivery
    assert delivery.masked_address == "138****0021" and "13800000021" not in str(delivery)
    with pytest.raises(IntegrityError), transaction.atomic():
        sms()
    sms(subject_key="case:2")
