"""Domain errors: services raise these; the API and views turn them into 4xx."""


class DomainError(Exception):
    """A rule of the programme was broken by the request (HTTP 400 or 409)."""

    status = 400
    code = "invalid"

    def __init__(self, message: str, *, code: str | None = None, status: int | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        if status:
            self.status = status


class NotFound(DomainError):
    """The object does not exist or the caller may not see it (no existence leak)."""

    status = 404
    code = "not_found"


class PermissionDenied(DomainError):
    """The caller may see the object but not do this to it."""

    status = 403
    code = "forbidden"


class Conflict(DomainError):
    """The request conflicts with the current state (wrong status, duplicate, limit)."""

    status = 409
    code = "conflict"
