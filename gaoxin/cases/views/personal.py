"""The applicant's ID number and phone in full, for whoever handles the case: one button on every case page."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_POST

from gaoxin.cases import actions, rules, selectors
from gaoxin.core.errors import Forbidden
from gaoxin.core.pages import or_404


@login_required
@require_POST
def personal_data(request, case_id):
    """htmx swaps the masked numbers for the full ones; without it the numbers come on a page of their own."""
    case = or_404(selectors.case_for_personal_data, request.user, case_id)
    try:
        numbers = actions.case_personal_data(case=case, viewer=request.user)
    except Forbidden as error:
        raise PermissionDenied(error.message) from None
    context = {
        "case_id": case.pk,
        "number": case.number,
        "numbers": numbers,
        "recorded": not rules.is_owner(request.user, case),
    }
    if request.headers.get("HX-Request") == "true":
        return render(request, "cases/partials/personal_numbers.html", context)
    return render(request, "cases/personal_numbers_page.html", context)


urlpatterns = [path("cases/<uuid:case_id>/personal-data/", personal_data, name="case-personal-data")]
