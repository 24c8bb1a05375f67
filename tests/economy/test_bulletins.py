"""The bulletin sentences written from the figures, in the seed's style."""

from decimal import Decimal

import pytest

from gaoxin.core.errors import NotFound
from gaoxin.economy.bulletins import bulletin_text
from gaoxin.economy.models import Indicator
from gaoxin.economy.periods import parse_period
from tests.economy.helpers import PEERS, area, import_csv

SEED = (
    "2020年，洛阳高新区实现生产总值250.9亿元，同比增长5.4%，居洛阳市第一；"
    "规模以上工业增加值55亿元、同比增长4.4%，高于洛阳市0.9个百分点；"
    "固定资产投资115.5亿元、同比增长6.9%，高于洛阳市1个百分点。"
)

pytestmark = pytest.mark.django_db


def bulletin(code: str, period: str) -> str:
    return bulletin_text(area=area(code), period=parse_period(period))


def test_the_zone_2020_bulletin_is_the_seed_sentence():
    assert bulletin("gaoxin", "2020") == SEED


def test_the_zone_ranks_second_in_2019():
    assert bulletin("gaoxin", "2019").startswith(
        "2019年，洛阳高新区实现生产总值236.2亿元，同比增长7.9%，居洛阳市第二；"
    )


def test_below_equal_and_decline(db):
    import_csv(
        [
            ("地区生产总值", "洛阳市", "2018", "4640.8", "7.5"),
            ("地区生产总值", "洛阳高新区", "2018", "220.0", "7.0"),
            ("规模以上工业增加值", "洛阳市", "2018", "1340.5", "-1.5"),
            ("规模以上工业增加值", "洛阳高新区", "2018", "48.50", "-1.50"),
            ("固定资产投资", "洛阳市", "2018", "3150", "8.1"),
            ("固定资产投资", "洛阳高新区", "2018", "98.0", "-2.0"),
        ]
    )
    assert bulletin("gaoxin", "2018") == (
        "2018年，洛阳高新区实现生产总值220亿元，同比增长7%，低于洛阳市0.5个百分点；"
        "规模以上工业增加值48.5亿元、同比下降1.5%，与洛阳市持平；"
        "固定资产投资98亿元、同比下降2%，低于洛阳市10.1个百分点。"
    )


def test_zero_growth_is_written_as_unchanged(db):
    import_csv(
        [("地区生产总值", "洛阳市", "2018", "4640.8", "0"), ("地区生产总值", "洛阳高新区", "2018", "220", "0.0")]
    )
    assert bulletin("gaoxin", "2018") == "2018年，洛阳高新区实现生产总值220亿元，同比持平，与洛阳市持平。"


def test_a_complete_ranking_gives_the_rank_in_chinese_numerals(db):
    # The zone's growth is the 11th highest of the 15 ranked areas.
    growths = {name: Decimal(20 - i) for i, name in enumerate(PEERS[1:])}
    growths["洛阳高新区"] = Decimal("10.5")  # ten areas grow faster (20 … 11), four slower (10 … 7)
    rows = [("地区生产总值", name, "2018", "100", str(g)) for name, g in growths.items()]
    import_csv([*rows, ("地区生产总值", "洛阳市", "2018", "4640.8", "7.5")])
    assert bulletin("gaoxin", "2018") == "2018年，洛阳高新区实现生产总值100亿元，同比增长10.5%，居洛阳市第十一。"
    assert bulletin("jianxi", "2018") == "2018年，涧西区实现生产总值100亿元，同比增长20%，居洛阳市第一。"


def test_an_incomplete_ranking_falls_back_to_the_city(db):
    import_csv(
        [
            ("地区生产总值", "洛阳市", "2018", "4640.8", "7.5"),
            ("地区生产总值", "洛阳高新区", "2018", "220", "8.3"),
            ("地区生产总值", "涧西区", "2018", "700", "7.1"),
        ]
    )
    assert bulletin("gaoxin", "2018") == "2018年，洛阳高新区实现生产总值220亿元，同比增长8.3%，高于洛阳市0.8个百分点。"


def test_cumulative_periods_and_a_bulletin_without_the_lead_indicator():
    assert bulletin("gaoxin", "2021Q1").startswith("2021年一季度，洛阳高新区实现生产总值63.8亿元，同比增长17.6%，")
    # 1—5月: no GDP (it is quarterly), so the sentence opens with the next bulletin indicator, without a verb.
    assert bulletin("gaoxin", "2021M01-05") == (
        "2021年1—5月，洛阳高新区规模以上工业增加值24.1亿元，同比增长19.6%，高于洛阳市2.1个百分点；"
        "固定资产投资43.9亿元、同比增长18.2%，与洛阳市持平。"
    )


def test_the_city_has_no_comparison():
    assert bulletin("luoyang", "2020") == (
        "2020年，洛阳市实现生产总值5128.4亿元，同比增长3%；规模以上工业增加值1494.2亿元、同比增长3.5%；"
        "固定资产投资3669.6亿元、同比增长5.9%。"
    )


def test_a_figure_without_level_is_written_with_its_growth_only(db):
    import_csv([("地区生产总值", "洛阳市", "2018", "4640.8", "7.5"), ("地区生产总值", "洛阳高新区", "2018", "", "8")])
    assert bulletin("gaoxin", "2018") == "2018年，洛阳高新区生产总值同比增长8%，高于洛阳市0.5个百分点。"


def test_only_bulletin_indicators_are_written(db):
    import_csv([("社会消费品零售总额", "洛阳高新区", "2018", "80", "9.1")])
    with pytest.raises(NotFound):
        bulletin("gaoxin", "2018")
    Indicator.objects.filter(code="retail").update(in_bulletin=True)
    assert bulletin("gaoxin", "2018") == "2018年，洛阳高新区社会消费品零售总额80亿元，同比增长9.1%。"
