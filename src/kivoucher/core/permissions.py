"""Role checks for views; object-level access lives in each domain's selectors."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404


def role_required(*roles):
    """Only users with one of `roles` (or superusers) may open the view; others get 404."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.user.role not in roles and not request.user.is_superuser:
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
