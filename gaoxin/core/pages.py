"""What every app's page views share."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404


def login_and(rule):
    """A view decorator: logged in (else the login page), then rule(user), else the 404 of a page that is not for
    this person (gaoxin/core/access.py)."""

    def decorator(view):
        @login_required
        @wraps(view)
        def guarded(request, *args, **kwargs):
            if not rule(request.user):
                raise Http404
            return view(request, *args, **kwargs)

        return guarded

    return decorator
