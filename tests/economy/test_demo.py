"""The economy demo: the seed's figures, plausible series, valid USCCs, and a loader that changes nothing twice."""

from decimal import Decimal

import pytest

from gaoxin.core.models import AuditEvent
from gaoxin.economy.demo_economy import load_demo_economy
from gaoxin.economy.models import Enterprise, IndicatorImport, IndicatorValue, IndicatorValueHistory, OutputPoint
from gaoxin.identity.validators import check_uscc

pytestmark = pytest.mark.django_db


def test_loading_again_changes_nothing():
    counts = (IndicatorValue.objects.count(), IndicatorImport.objects.count(), AuditEvent.objects.count())
    load_demo_economy()
    assert (IndicatorValue.objects.count(), IndicatorImport.objects.count(), AuditEvent.objects.count()) == counts
    assert not IndicatorValueHistory.objects.exists()


def test_the_seed_figures_of_2020():
    zone = {
        v.indicator.code: (str(v.level.normalize()), str(v.growth.normalize()))
        for v in IndicatorValue.objects.filter(period="2020", area__code="gaoxin").select_related("indicator")
    }
    assert zone["gdp"] == ("250.9", "5.4")
    assert zone["industry-va"] == ("55", "4.4")
    assert zone["fai"] == ("115.5", "6.9")


def test_every_demo_enterprise_has_a_valid_uscc_and_a_park():
    for enterprise in Enterprise.objects.filter(source_case__isnull=True):
        assert check_uscc(enterprise.uscc).valid, enterprise.uscc
        assert enterprise.park is not None and enterprise.industry


def test_gree_climbs_from_about_3000_to_10000_a_day():
    points = list(
        OutputPoint.objects.filter(series__enterprise__name="格力电器（洛阳）有限公司", series__metric="daily_output")
        .order_by("on")
        .values_list("value", flat=True)
    )
    assert 2800 <= points[0] <= 3200 and points[-1] >= 9800
    assert all(later >= earlier * Decimal("0.95") for earlier, later in zip(points, points[1:], strict=False))
