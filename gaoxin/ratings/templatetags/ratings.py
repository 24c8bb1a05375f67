"""Tags for the partials the case pages and the leader's overview include from this app."""

from django import template

from gaoxin.core.errors import NotFound
from gaoxin.core.qr import qr_svg
from gaoxin.ratings import rules, selectors
from gaoxin.ratings.actions import rectification_working_days
from gaoxin.ratings.forms import RatingForm, VerdictForm

register = template.Library()


@register.simple_tag(takes_context=True)
def rating_box(context, case):
    """{% rating_box case as box %}: the case's rating and, if the person may rate it now, the form.

    `case` is a case or the dict of cases.selectors.case_detail. None (and no query) before a decision."""
    status = case["status"] if isinstance(case, dict) else case.status
    case_id = case["id"] if isinstance(case, dict) else case.pk
    if status not in rules.RATEABLE_STATUSES:
        return None
    try:
        box = selectors.case_rating(context["request"].user, case_id)
    except NotFound:
        return None
    user = context["request"].user
    form = context.get("rating_form")
    if form is None and box["can_rate"]:
        form = RatingForm(departments=box["departments"])
    asks = box["rating"] is None and rules.may_ask_to_rate(user, box["case"])
    link_url = selectors.rating_link_url(box["case"]) if asks else None
    return {
        **box,
        "form": form,
        "walk_in": rules.is_walk_in(box["case"]),
        "working_days": rectification_working_days(),
        "link_url": link_url,
        "qr": qr_svg(link_url) if link_url else None,
        "verdict_form": context.get("verdict_form") or VerdictForm(),
        "may_confirm": rules.may_rate(user, box["case"]),
    }


@register.simple_tag(takes_context=True)
def open_rectifications(context):
    """{% open_rectifications as rows %}: the open rectifications a leader sees, nearest deadline first."""
    return selectors.open_rectifications(context["request"].user)
