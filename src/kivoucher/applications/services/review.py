"""The caseworker's review: take over, request more information, review with a score."""

from django.db import transaction
from django.utils.translation import gettext as _

from kivoucher.applications.checklists import (  # noqa: F401  (CHECKLIST(S): callers import them here)
    CHECKLIST,
    CHECKLISTS,
    checklist_for,
)
from kivoucher.applications.models import Application, InfoRequest, Review
from kivoucher.core.errors import DomainError, PermissionDenied
from kivoucher.core.models import User
from kivoucher.core.roles import Role
from kivoucher.core.workflow import transition
from kivoucher.organizations.models import Membership

REVIEWERS = {Role.CASEWORKER, Role.PROGRAMME_ADMIN}


def _require_reviewer(actor: User, application: Application) -> None:
    if actor.role not in REVIEWERS:
        raise PermissionDenied(_("Only caseworkers review applications."))
    if Membership.objects.filter(user=actor, organisation=application.organisation).exists():
        raise PermissionDenied(_("You may not review an application of your own organisation."))
    if application.decided_by_id == actor.pk:
        raise PermissionDenied(_("You decided this application; someone else must review it."))


def application_assign(*, actor: User, application: Application) -> Application:
    """A caseworker takes the application over (submitted -> in review)."""
    _require_reviewer(actor, application)
    return transition(
        application, Application.Status.IN_REVIEW, actor=actor, fields={"assigned_to": actor}
    )


def application_request_info(*, actor: User, application: Application, message: str):
    _require_reviewer(actor, application)
    if not message.strip():
        raise DomainError(_("Say what information is missing."), code="message_missing")
    with transaction.atomic():
        app = transition(
            application, Application.Status.INFO_REQUESTED, actor=actor, reason=message
        )
        InfoRequest.objects.create(application=app, requested_by=actor, message=message.strip())
        from kivoucher.applications.notifications import notify_applicant

        notify_applicant(
            application=app,
            subject=_("More information needed for %(ref)s") % {"ref": app.reference},
            body=message,
        )
        return app


def application_review(
    *,
    actor: User,
    application: Application,
    checklist: dict[str, bool],
    score: int,
    recommendation: str,
    comment: str = "",
) -> Review:
    """Record the review with checklist and score; the application awaits the decision.

    Every checklist item is answered; a recommendation to approve needs all of them
    satisfied (an unmet item is a reason to reject or to ask for more information,
    not something to explain away), a recommendation to reject needs reasons."""
    _require_reviewer(actor, application)
    items = checklist_for(application.programme)
    if set(checklist) != set(items):
        missing = sorted(set(items) - set(checklist))
        raise DomainError(
            _("Answer every checklist item: %(items)s") % {"items": ", ".join(missing)}
            if missing
            else _("Unknown checklist items."),
            code="checklist_incomplete",
        )
    if not isinstance(score, int) or isinstance(score, bool) or not 0 <= score <= 100:
        raise DomainError(_("The score is a whole number from 0 to 100."), code="invalid_score")
    if recommendation not in Review.Recommendation.values:
        raise DomainError(_("Recommend approval or rejection."), code="invalid_recommendation")
    unmet = [label for code, label in items.items() if not checklist[code]]
    if recommendation == Review.Recommendation.APPROVE and unmet:
        raise DomainError(
            _(
                "A recommendation to approve needs every checklist item satisfied; not "
                "ticked: %(items)s. Recommend a rejection with reasons or request more "
                "information instead."
            )
            % {"items": "; ".join(_(label) for label in unmet)},
            code="checklist_not_satisfied",
        )
    if recommendation == Review.Recommendation.REJECT and not comment.strip():
        raise DomainError(_("A recommendation to reject needs reasons."), code="reason_missing")
    with transaction.atomic():
        review = Review.objects.create(
            application=application,
            reviewer=actor,
            checklist={k: bool(v) for k, v in checklist.items()},
            score=score,
            recommendation=recommendation,
            comment=comment.strip(),
        )
        transition(
            application,
            Application.Status.REVIEWED,
            actor=actor,
            reason=comment,
            fields={"review_score": score, "assigned_to": actor},
            data={"score": score, "recommendation": recommendation},
        )
        return review
