"""The cockpit page (/cockpit/) and its tiles (/cockpit/tiles/), which the page fetches again every 60 seconds with
htmx. Without JavaScript the page is a plain page with every figure in words and tables; reloading it refreshes it.

Leaders and administrators only: anyone else logged in gets a 404, as on the case overview.
"""

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import get_language, pgettext

from gaoxin.cockpit import selectors
from gaoxin.core.pages import or_404
from gaoxin.economy.models import IndicatorUnit

REFRESH_SECONDS = 60
# Departments listed on the page, most overdue first; the rest are summed up in one line (the API lists them all).
DEPARTMENT_ROWS = 10


def _summary(request) -> dict:
    return or_404(selectors.summary, request.user)


def _name(row: dict) -> str:
    """The English name of an indicator or an area in English when it has one; the Chinese name is the data."""
    english = (get_language() or "").startswith("en")
    return row.get("name_en") if english and row.get("name_en") else row["name"]


def _number(value):
    return float(value) if isinstance(value, Decimal) else value


def chart_data(data: dict) -> dict:
    """What cockpit.js draws: the trend of each headline indicator's growth, the zone against its city."""
    economy = data["economy"]
    return {
        "area": _name(economy["area"]) if economy["area"] else "",
        "city": _name(economy["city"]) if economy["city"] else "",
        "trends": [
            {
                "id": f"cockpit-trend-{t['code']}",
                "title": _name(t),
                "periods": [p["period_label"] for p in t["points"]],
                "growth": [_number(p["growth"]) for p in t["points"]],
                "city_growth": [_number(p["city_growth"]) for p in t["points"]],
            }
            for t in economy["trend"]
        ],
    }


def _bars(rows: list[dict], key: str) -> None:
    """Bar widths (percent of the largest value) for the tables' inline bars."""
    top = max((row[key] for row in rows), default=0)
    for row in rows:
        row[f"{key}_bar"] = round(100 * row[key] / top, 1) if top else 0


def _context(request) -> dict:
    data = _summary(request)
    departments = data["services"]["overdue_by_department"]
    _bars(departments, "open")
    rest = departments[DEPARTMENT_ROWS:]
    more = {"count": len(rest), "open": sum(r["open"] for r in rest), "overdue": sum(r["overdue"] for r in rest)}
    trends = {t["code"]: t for t in data["economy"]["trend"]}
    for row in data["economy"]["indicators"]:
        row["display_name"] = _name(row)
        row["unit_label"] = IndicatorUnit(row["unit"]).label if row["unit"] in IndicatorUnit.values else row["unit"]
        row["points"] = trends.get(row["code"], {}).get("points", [])
    economy = data["economy"]
    return {
        **data,
        "levels_label": pgettext("list separator", "、").join(data["projects"]["level_labels"]),
        "area_name": _name(economy["area"]) if economy["area"] else "",
        "city_name": _name(economy["city"]) if economy["city"] else "",
        "chart": chart_data(data),
        "department_rows": f":{DEPARTMENT_ROWS}",
        "more_departments": more if rest else None,
        "refresh_seconds": REFRESH_SECONDS,
        "tiles_url": reverse("cockpit-tiles"),
    }


@login_required
def page(request):
    return render(request, "cockpit/page.html", _context(request))


def tiles(request):
    """The tiles alone, for the page's polling. A session that ended sends the whole page to the login page (htmx
    follows HX-Redirect) instead of swapping the login form into the tiles."""
    if not request.user.is_authenticated:
        if request.headers.get("HX-Request") == "true":
            response = HttpResponse(status=204)
            response["HX-Redirect"] = f"{reverse('login')}?next={reverse('cockpit')}"
            return response
        return redirect_to_login(reverse("cockpit"))
    return render(request, "cockpit/_tiles.html", _context(request))


urlpatterns = [
    path("cockpit/", page, name="cockpit"),
    path("cockpit/tiles/", tiles, name="cockpit-tiles"),
]
