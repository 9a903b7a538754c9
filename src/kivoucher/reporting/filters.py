"""The dashboard's filters: programme, call, period and federal state."""

from dataclasses import dataclass
from datetime import date, datetime, time

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kivoucher.organizations.models import FederalState
from kivoucher.programmes.models import Call, Programme


@dataclass(frozen=True)
class ReportFilter:
    programme_id: int | None = None
    call_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    state: str = ""

    @property
    def start(self) -> datetime | None:
        """The period's first instant (aware), for datetime columns."""
        if self.date_from is None:
            return None
        return timezone.make_aware(datetime.combine(self.date_from, time.min))

    @property
    def end(self) -> datetime | None:
        """The instant after the period's last day."""
        if self.date_to is None:
            return None
        return timezone.make_aware(datetime.combine(self.date_to, time.max))

    def apply(self, queryset, *, programme="", call="", state="", moment=""):
        """`queryset` within the filters. Each keyword names the lookup of that filter
        on the queryset's model (e.g. `state="organisation__federal_state"`, `moment=
        "created_at"` for the period); a filter without a lookup does not apply."""
        conditions = {}
        if programme and self.programme_id:
            conditions[programme] = self.programme_id
        if call and self.call_id:
            conditions[call] = self.call_id
        if state and self.state:
            conditions[state] = self.state
        if moment and self.start:
            conditions[f"{moment}__gte"] = self.start
        if moment and self.end:
            conditions[f"{moment}__lte"] = self.end
        return queryset.filter(**conditions)

    def as_query(self) -> dict:
        query = {
            "programme": self.programme_id,
            "call": self.call_id,
            "date_from": self.date_from.isoformat() if self.date_from else None,
            "date_to": self.date_to.isoformat() if self.date_to else None,
            "state": self.state,
        }
        return {k: v for k, v in query.items() if v}

    def describe(self) -> list[tuple[str, str]]:
        """Human-readable filters for report headers."""
        out = []
        if self.programme_id:
            programme = Programme.objects.filter(pk=self.programme_id).first()
            out.append((str(_("Programme")), str(programme or self.programme_id)))
        if self.call_id:
            call = Call.objects.filter(pk=self.call_id).first()
            out.append((str(_("Call")), str(call or self.call_id)))
        if self.date_from or self.date_to:
            start = self.date_from.strftime("%d.%m.%Y") if self.date_from else "…"
            end = self.date_to.strftime("%d.%m.%Y") if self.date_to else "…"
            out.append((str(_("Period")), f"{start} – {end}"))
        if self.state:
            out.append((str(_("Federal state")), FederalState(self.state).label))
        return out


class ReportFilterForm(forms.Form):
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.all(), required=False
    )
    call = forms.ModelChoiceField(
        label=_("Call"),
        queryset=Call.objects.select_related("programme").order_by("programme", "-opens_at"),
        required=False,
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    state = forms.ChoiceField(
        label=_("Federal state"),
        choices=[("", _("all"))] + list(FederalState.choices),
        required=False,
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end of the period lies before its start."))
        return data

    def report_filter(self) -> ReportFilter:
        """The valid part of the filters (invalid fields are ignored and shown as errors)."""
        data = self.cleaned_data if self.is_bound else {}
        return ReportFilter(
            programme_id=data["programme"].pk if data.get("programme") else None,
            call_id=data["call"].pk if data.get("call") else None,
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            state=data.get("state") or "",
        )


def report_filter_from(query) -> tuple[ReportFilterForm, ReportFilter]:
    form = ReportFilterForm(query or None)
    if form.is_bound:
        form.is_valid()
    return form, form.report_filter()
