"""What the legal pages say about the operator, kept in the database so that the
agency changes it in the Django admin without a release: one row of
`LegalDetails`, and the German Sign Language videos of /gebaerdensprache/.

Nothing here is hard-coded in the templates: an empty field is shown as "not yet
entered" on the pages (and the demo data fills plausible values)."""

from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

SINGLETON_ID = 1
VIDEO_EXTENSIONS = ["mp4", "webm"]
CAPTION_EXTENSIONS = ["vtt"]


class LegalDetails(models.Model):
    """The operator of the platform, as the Impressum (§ 5 DDG), the privacy notice
    (Art. 13 GDPR) and the accessibility statement (§ 12b BGG) name it. One row."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLETON_ID, editable=False)
    # Provider identification (§ 5 DDG)
    operator_name = models.CharField(
        _("name of the operator (agency)"),
        max_length=200,
        blank=True,
        help_text=_("The public body or company that runs the platform (the controller)."),
    )
    operator_legal_form = models.CharField(
        _("legal form"),
        max_length=200,
        blank=True,
        help_text=_("For example: federal authority, public-law institution, GmbH."),
    )
    on_behalf_of = models.CharField(
        _("on behalf of"),
        max_length=200,
        blank=True,
        help_text=_("The ministry that commissioned the programme, if any."),
    )
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=100, blank=True, default="Deutschland")
    representative = models.CharField(
        _("represented by"),
        max_length=200,
        blank=True,
        help_text=_("The person authorised to represent the operator, with their function."),
    )
    email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    vat_id = models.CharField(_("VAT ID"), max_length=20, blank=True)
    register_entry = models.CharField(
        _("register entry"),
        max_length=200,
        blank=True,
        help_text=_("Register court and number, if the operator is registered."),
    )
    supervisory_authority = models.CharField(
        _("supervisory authority"),
        max_length=300,
        blank=True,
        help_text=_("The authority that supervises the operator (§ 5 (1) no. 3 DDG)."),
    )
    content_responsible = models.CharField(
        _("responsible for the content"),
        max_length=300,
        blank=True,
        help_text=_("Name and address of the person responsible for editorial content."),
    )
    # Data protection (Art. 13 GDPR)
    dpo_name = models.CharField(_("data protection officer"), max_length=200, blank=True)
    dpo_address = models.CharField(
        _("address of the data protection officer"), max_length=300, blank=True
    )
    dpo_email = models.EmailField(_("e-mail of the data protection officer"), blank=True)
    dpo_phone = models.CharField(
        _("phone of the data protection officer"), max_length=40, blank=True
    )
    dp_authority_name = models.CharField(
        _("data protection supervisory authority"),
        max_length=200,
        blank=True,
        help_text=_(
            "Where people may lodge a complaint (Art. 77 GDPR); for federal bodies the "
            "Federal Commissioner for Data Protection and Freedom of Information (BfDI)."
        ),
    )
    dp_authority_address = models.CharField(
        _("address of the data protection supervisory authority"), max_length=300, blank=True
    )
    dp_authority_url = models.URLField(
        _("website of the data protection supervisory authority"), blank=True
    )
    hosting = models.TextField(
        _("hosting and other processors"),
        blank=True,
        help_text=_(
            "One processor a line (Art. 28 GDPR): name, place and what it does, "
            "e.g. the data centre that hosts the platform and the mail service."
        ),
    )
    server_log_days = models.PositiveSmallIntegerField(
        _("server logs kept for (days)"),
        default=7,
        help_text=_(
            "The platform writes each request to the server log (standard output of "
            "`kivoucher serve`); how long the log system keeps it is set there. Enter that "
            "period here, it is shown in the privacy notice."
        ),
    )
    privacy_notice_date = models.DateField(_("privacy notice as of"), null=True, blank=True)
    # Accessibility (§ 12b BGG, § 7 BITV 2.0)
    accessibility_statement_date = models.DateField(
        _("accessibility statement made on"), null=True, blank=True
    )
    accessibility_reviewed_date = models.DateField(
        _("accessibility statement last reviewed on"), null=True, blank=True
    )
    accessibility_contact_email = models.EmailField(
        _("contact e-mail for accessibility"),
        blank=True,
        help_text=_("Leave empty to use the contact e-mail of the operator."),
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("legal details")
        verbose_name_plural = _("legal details")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(id=SINGLETON_ID), name="publicpages_legal_details_singleton"
            )
        ]

    def __str__(self) -> str:
        return self.operator_name or str(_("Legal details (not yet entered)"))

    @property
    def address_lines(self) -> list[str]:
        """The postal address, line by line; none while street and city are missing
        (the country alone, a default, is no address)."""
        if not (self.street or self.city):
            return []
        place = " ".join(part for part in (self.postcode, self.city) if part)
        return [line for line in (self.street, place, self.country) if line]

    @property
    def accessibility_email(self) -> str:
        return self.accessibility_contact_email or self.email

    @property
    def processors(self) -> list[str]:
        return [line.strip() for line in self.hosting.splitlines() if line.strip()]


class SignLanguageVideo(models.Model):
    """A video in German Sign Language (DGS) on /gebaerdensprache/, with captions."""

    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description = models.TextField(
        _("what the video says"),
        help_text=_("A short text of the content, for people who cannot watch the video."),
    )
    description_en = models.TextField(_("what the video says (English)"), blank=True)
    video = models.FileField(
        _("video file (MP4 or WebM)"),
        upload_to="sign-language/",
        validators=[FileExtensionValidator(VIDEO_EXTENSIONS)],
    )
    captions = models.FileField(
        _("captions (WebVTT)"),
        upload_to="sign-language/",
        blank=True,
        validators=[FileExtensionValidator(CAPTION_EXTENSIONS)],
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sign language video")
        verbose_name_plural = _("sign language videos")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def shown_title(self) -> str:
        """The title in the language of the request (English falls back to German)."""
        if (get_language() or "").startswith("en") and self.title_en:
            return self.title_en
        return self.title

    @property
    def shown_description(self) -> str:
        if (get_language() or "").startswith("en") and self.description_en:
            return self.description_en
        return self.description
