"""Feedback on accessibility (§ 7 BITV 2.0): anyone reports a barrier, staff answer.

A report becomes a `FeedbackTicket`; staff move it through its statuses
(`ALLOWED_TRANSITIONS`, `core.workflow.transition`) and answer it
(`FeedbackAnswer`, mailed to the sender when they gave an address). The sender's
name, address and the salted hash of their network address are personal data:
`kivoucher.feedback.gdpr` blanks them after the retention period.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FeedbackTicket(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("new")
        IN_PROGRESS = "in_progress", _("in progress")
        ANSWERED = "answered", _("answered")
        CLOSED = "closed", _("closed")

    # An answered or closed ticket is opened again (in progress) when the sender
    # writes back; a further answer is given from there.
    ALLOWED_TRANSITIONS = {
        Status.NEW: {Status.IN_PROGRESS, Status.ANSWERED, Status.CLOSED},
        Status.IN_PROGRESS: {Status.ANSWERED, Status.CLOSED},
        Status.ANSWERED: {Status.IN_PROGRESS, Status.CLOSED},
        Status.CLOSED: {Status.IN_PROGRESS},
    }
    OPEN = (Status.NEW, Status.IN_PROGRESS)
    ANSWERABLE = (Status.NEW, Status.IN_PROGRESS)

    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NEW, db_index=True
    )
    page = models.CharField(_("page or address"), max_length=500)
    description = models.TextField(_("description of the barrier"))
    assistive_technology = models.CharField(_("assistive technology"), max_length=200, blank=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    # The language the form was filled in: the sender's mails are written in it.
    language = models.CharField(_("language"), max_length=8, default="de")
    # A keyed hash (HMAC with the secret key) of the sender's network address, for
    # the rate limit only; never the address itself.
    client_hash = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("last change"), auto_now=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("accessibility feedback")
        verbose_name_plural = _("accessibility feedback")

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        """The ticket number the sender is given: `BF-<year>-<id>`."""
        year = self.created_at.year if self.created_at else 0
        return f"BF-{year}-{self.pk:05d}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class FeedbackAnswer(models.Model):
    """Staff's answer to a ticket, kept as it was sent."""

    ticket = models.ForeignKey(FeedbackTicket, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField(_("answer"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="feedback_answers",
        verbose_name=_("author"),
    )
    # Whether it was mailed: false when the sender gave no address.
    emailed = models.BooleanField(_("sent by e-mail"), default=False)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("answer to accessibility feedback")
        verbose_name_plural = _("answers to accessibility feedback")

    def __str__(self) -> str:
        return f"#{self.pk}"
