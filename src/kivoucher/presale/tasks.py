"""Background work of line III (django-tasks): the allocation run a staff member
starts from the order book, its progress shown on that page (kivoucher.core.progress).

Run again after its worker was killed, it does nothing twice: the run is one
transaction (a kill before the commit leaves nothing), and a second run over the
same requests plans the same slots, changes no request and so tells no buyer again;
it leaves a second AllocationRun row with its audit event."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from kivoucher.core.errors import DomainError
from kivoucher.core.progress import progress_fail, progress_finish, progress_update
from kivoucher.presale import scheduling
from kivoucher.presale.models import Offer


def allocation_done_message(run) -> str:
    return _(
        "Allocation done: %(served)s served, %(partial)s partly, %(unserved)s waiting; "
        "%(hours)s unit-hours in %(seconds)s s."
    ) % {
        "served": run.served,
        "partial": run.partial,
        "unserved": run.unserved,
        "hours": run.unit_hours,
        "seconds": run.seconds,
    }


@task()
def allocation_run_task(*, offer_id: int, actor_id: int, progress_key: str, language: str):
    with translation.override(language):
        progress_update(progress_key, message=_("Allocating slots …"))
        offer = Offer.objects.get(pk=offer_id)
        actor = get_user_model().objects.get(pk=actor_id)
        try:
            run = scheduling.allocation_run(actor=actor, offer=offer)
        except DomainError as error:
            progress_fail(progress_key, message=error.message)
            return {"error": error.code}
        except Exception:
            progress_fail(progress_key, message=_("The allocation could not run."))
            raise
        progress_finish(
            progress_key,
            message=allocation_done_message(run),
            result_url=reverse("presale:staff", args=[offer.code]),
        )
        return {"run": run.pk}
