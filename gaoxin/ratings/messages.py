"""What a bad rating (差评) tells the department it names, after it has committed: its approvers and heads hear of the
rating and of the rectification it opened. The wording is a template (gaoxin.notifications.wording)."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from gaoxin.notifications.actions import Message, notify, when
from gaoxin.notifications.models import Kind
from gaoxin.notifications.selectors import approvers_by_department, department_heads
from gaoxin.ratings.models import Rectification


def tell_bad_rating(rectification: Rectification) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        rating = rectification.rating
        department_id = rectification.department_id
        message = Message(
            Kind.RATING_BAD,
            str(rating.pk),
            link=reverse("rectification", args=[rectification.pk]),
            params={
                "case_number": rating.case.number,
                "level": rating.get_level_display(),
                "comment": rating.comment,
                "department": rectification.department.name,
                "deadline": when(rectification.deadline),
            },
        )
        people = approvers_by_department([department_id]).get(department_id, []) + department_heads(department_id)
        notify([(person, message) for person in people])
