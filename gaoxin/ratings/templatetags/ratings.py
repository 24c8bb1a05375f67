"""Tags for the partials the case pages and the leader's overview include from this app."""

from django import template

from gaoxin.core.errors import NotFound
from gaoxin.ratings import rules, selectors
from gaoxin.ratings.actions import rectification_working_days
from gaoxin.ratings.forms import RatingForm

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
    form = context.get("rating_form")
    if form is None and box["can_rate"]:
        form = RatingForm(departments=box["departments"])
    return {
        **box,
        "form": form,
        "walk_in": rules.is_walk_in(box["case"]),
        "working_days": rectification_working_days(),
    }


@register.simple_tag(takes_context=True)
def open_rectifications(context):
    """{% open_rectifications as rows %}: the open rectifications a leader sees, nearest deadline first."""
    return selectors.open_rectifications(context["request"].user)
