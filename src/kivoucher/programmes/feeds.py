"""The Atom feed of new calls (`/calls/feed/`): every call that is open or announced,
the newest first, in the language of the request (German, or English by the language
cookie or Accept-Language, as every page)."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.translation import gettext as _

from kivoucher.core.money import format_eur
from kivoucher.core.site import absolute_url
from kivoucher.programmes.models import Call

FEED_LENGTH = 50


def calls_for_feed():
    """Calls not yet closed (open now or announced), the newest first."""
    return (
        Call.objects.select_related("programme")
        .filter(closes_at__gt=timezone.now())
        .order_by("-created_at", "-pk")[:FEED_LENGTH]
    )


def call_url(call: Call) -> str:
    """The call's row on the public calls page."""
    return absolute_url(reverse("call-list")) + f"#call-{call.pk}"


class CallFeed(Feed):
    feed_type = Atom1Feed
    author_name = "KI-Voucher"

    def title(self):
        return _("KI-Voucher: new calls")

    def subtitle(self):
        return _("Calls for applications of the federal KI-Voucher funding programme.")

    def link(self):
        return absolute_url(reverse("call-list"))

    def feed_url(self):
        return absolute_url(reverse("call-feed"))

    def feed_guid(self):
        return absolute_url(reverse("call-feed"))

    def items(self):
        return calls_for_feed()

    def item_title(self, item: Call) -> str:
        return item.name  # plain text: Atom titles are written escaped

    def item_description(self, item: Call) -> str:
        """The summary (Atom: type="html", so the text is escaped here)."""
        text = _(
            "%(programme)s (%(line)s). Applications from %(opens)s to %(closes)s. "
            "Budget: %(budget)s. Selection: %(selection)s."
        ) % {
            "programme": item.programme.name,
            "line": item.programme.get_line_display(),
            "opens": date_format(timezone.localtime(item.opens_at), "DATETIME_FORMAT"),
            "closes": date_format(timezone.localtime(item.closes_at), "DATETIME_FORMAT"),
            "budget": format_eur(item.budget),
            "selection": item.get_selection_display(),
        }
        return escape(text)

    def item_link(self, item: Call) -> str:
        return call_url(item)

    def item_guid(self, item: Call) -> str:
        return call_url(item)

    def item_pubdate(self, item: Call):
        return item.created_at

    def item_updateddate(self, item: Call):
        return item.created_at

    def item_categories(self, item: Call):
        return [str(item.programme.get_line_display())]
