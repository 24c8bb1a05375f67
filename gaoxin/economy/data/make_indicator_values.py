"""Writes indicator-values.csv, the demo figures, in the CSV import format (python make_indicator_values.py).

Quoted from the seed (2020): the zone's GDP 250.9亿元 +5.4% (first in Luoyang), value added of industry above
designated size 55亿元 +4.4% (0.9 points above the city: the city 3.5%), fixed-asset investment 115.5亿元 +6.9% (1 point
above the city: 5.9%). Everything else is DEMO data, plausible but invented: the city's levels and GDP growth (3.0%,
below the zone's), the districts' and counties' GDP (they add up to the city's; the zone lies within them and is
ranked with them), 2019 and 2021, the other indicators and the cumulative periods of 2021 (一季度, 1—5月).
District and county figures are given for GDP only, so that only GDP has a complete ranking, as in the seed.
"""

import csv
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

D = Decimal
OUT = Path(__file__).with_name("indicator-values.csv")

# indicator -> year -> (zone level, zone growth, city level, city growth)
ZONE_AND_CITY = {
    "地区生产总值": {
        "2019": ("236.2", "7.9", "5034.9", "7.6"),
        "2020": ("250.9", "5.4", "5128.4", "3.0"),
        "2021": ("271.6", "7.2", "5447.1", "4.8"),
        "2021Q1": ("63.8", "17.6", "1208.5", "15.3"),
    },
    "规模以上工业增加值": {
        "2019": ("52.6", "8.6", "1452.3", "8.4"),
        "2020": ("55", "4.4", "1494.2", "3.5"),
        "2021": ("61.3", "10.2", "1612.7", "7.9"),
        "2021Q1": ("14.2", "24.8", "371.6", "21.9"),
        "2021M01-05": ("24.1", "19.6", "628.4", "17.5"),
    },
    "固定资产投资": {
        "2019": ("108.0", "10.1", "3465.2", "10.0"),
        "2020": ("115.5", "6.9", "3669.6", "5.9"),
        "2021": ("126.3", "9.4", "3974.2", "8.3"),
        "2021Q1": ("22.7", "31.2", "735.8", "27.4"),
        "2021M01-05": ("43.9", "18.2", "1406.3", "18.2"),
    },
    "一般公共预算收入": {
        "2019": ("17.8", "6.2", "372.3", "7.6"),
        "2020": ("18.3", "2.8", "381.2", "2.4"),
        "2021": ("19.9", "8.7", "407.1", "6.8"),
    },
    "进出口总额": {
        "2019": ("58.2", "12.5", "181.7", "9.3"),
        "2020": ("71.6", "23.0", "196.9", "8.4"),
        "2021": ("95.4", "33.2", "259.5", "31.8"),
    },
    "社会消费品零售总额": {
        "2019": ("86.5", "10.2", "2456.3", "10.5"),
        "2020": ("83.1", "-3.9", "2375.0", "-3.3"),
        "2021": ("93.8", "12.9", "2642.9", "11.3"),
        "2021M01-05": ("39.6", "21.4", "1103.6", "23.2"),
    },
}

DISTRICTS = ["涧西区", "西工区", "老城区", "瀍河区", "洛龙区", "孟津区", "偃师区"]
COUNTIES = ["新安县", "宜阳县", "洛宁县", "伊川县", "嵩县", "栾川县", "汝阳县"]
# Shares of the city's GDP (they add up to the city: the zone lies within the districts).
SHARES = [152, 78, 40, 30, 147, 66, 104, 84, 56, 36, 79, 33, 52, 31]
# GDP growth of each district and county: 2020 all below the zone's 5.4% (the zone ranks first, as in the seed);
# 2019 洛龙区 above the zone (the zone ranks second); 2021 the zone first again.
GROWTH = {
    "2019": ["7.5", "6.8", "6.1", "6.4", "8.3", "7.2", "7.7", "7.6", "7.1", "6.9", "7.8", "6.5", "7.4", "7.0"],
    "2020": ["4.1", "2.6", "2.2", "2.4", "4.6", "3.8", "3.5", "3.9", "3.2", "3.0", "4.3", "2.9", "1.8", "3.6"],
    "2021": ["5.1", "4.2", "3.6", "3.9", "6.3", "5.5", "4.8", "5.0", "4.4", "4.1", "5.2", "3.8", "4.6", "4.5"],
}


def district_levels(city: Decimal) -> list[Decimal]:
    total = sum(SHARES)
    levels = [(city * share / total).quantize(D("0.1"), ROUND_HALF_UP) for share in SHARES]
    levels[0] += city - sum(levels)  # the rounding difference goes to the largest
    return levels


def rows():
    for indicator, periods in ZONE_AND_CITY.items():
        for period, (zone, zone_growth, city, city_growth) in periods.items():
            yield [indicator, "洛阳市", period, city, city_growth, "亿元"]
            yield [indicator, "洛阳高新区", period, zone, zone_growth, "亿元"]
            if indicator == "地区生产总值" and period in GROWTH:
                levels = district_levels(D(city))
                for name, level, growth in zip(DISTRICTS + COUNTIES, levels, GROWTH[period], strict=True):
                    yield [indicator, name, period, str(level), growth, "亿元"]


def main() -> None:
    with OUT.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["指标", "地区", "统计期", "总量", "同比增长（%）", "单位"])
        writer.writerows(rows())


if __name__ == "__main__":
    main()
