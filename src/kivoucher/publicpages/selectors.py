"""Reads for the legal and information pages.

The retention periods and limits the privacy notice names are read here from the
very settings the platform enforces them with (kivoucher.core.gdpr, core.tokens,
the session and django-axes settings), so the page cannot drift from the code."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage

from kivoucher.publicpages.checked_pages import CHECKED_PAGES, Audience, CheckedPage
from kivoucher.publicpages.models import SINGLETON_ID, LegalDetails, SignLanguageVideo


def legal_details_get() -> LegalDetails:
    """The operator's details; an unsaved, empty row while none has been entered."""
    return LegalDetails.objects.filter(pk=SINGLETON_ID).first() or LegalDetails()


@dataclass(frozen=True)
class RetentionFacts:
    """Periods and limits of the privacy notice, each from its enforcing setting."""

    personal_data_days: int  # KIVOUCHER_PERSONAL_DATA_RETENTION_DAYS (core/gdpr.py)
    api_token_days: int  # KIVOUCHER_API_TOKEN_DAYS (core/tokens.py)
    session_minutes: int  # SESSION_COOKIE_AGE
    session_ends_with_browser: bool  # SESSION_EXPIRE_AT_BROWSER_CLOSE
    login_failure_limit: int  # AXES_FAILURE_LIMIT
    login_cooloff_minutes: int  # AXES_COOLOFF_TIME
    sign_in_log_days: int  # KIVOUCHER_SIGN_IN_LOG_DAYS (core/gdpr.py)
    task_result_days: int  # KIVOUCHER_TASK_RESULT_DAYS (core/gdpr.py)
    upload_limit_mb: float  # KIVOUCHER_MAX_UPLOAD_BYTES
    # KIVOUCHER_FEEDBACK_RETENTION_DAYS (kivoucher.feedback); None while it is not set
    feedback_days: int | None
    session_cookie: str  # SESSION_COOKIE_NAME
    csrf_cookie: str  # CSRF_COOKIE_NAME
    csrf_cookie_days: int  # CSRF_COOKIE_AGE
    language_cookie: str  # LANGUAGE_COOKIE_NAME
    language_cookie_days: int | None  # LANGUAGE_COOKIE_AGE (None: until the browser closes)
    messages_cookie: str  # django.contrib.messages' cookie storage

    @property
    def personal_data_years(self) -> int:
        return round(self.personal_data_days / 365)

    @property
    def session_hours(self) -> int | None:
        """The session lifetime in whole hours, or None when it is not a whole number."""
        return self.session_minutes // 60 if self.session_minutes % 60 == 0 else None


def _minutes(value) -> int:
    """AXES_COOLOFF_TIME may be a timedelta or a number of hours (django-axes)."""
    if hasattr(value, "total_seconds"):
        return int(value.total_seconds() // 60)
    return int(float(value) * 60)


def retention_facts() -> RetentionFacts:
    return RetentionFacts(
        personal_data_days=settings.KIVOUCHER_PERSONAL_DATA_RETENTION_DAYS,
        api_token_days=settings.KIVOUCHER_API_TOKEN_DAYS,
        session_minutes=int(settings.SESSION_COOKIE_AGE) // 60,
        session_ends_with_browser=bool(settings.SESSION_EXPIRE_AT_BROWSER_CLOSE),
        login_failure_limit=int(settings.AXES_FAILURE_LIMIT),
        login_cooloff_minutes=_minutes(settings.AXES_COOLOFF_TIME),
        sign_in_log_days=settings.KIVOUCHER_SIGN_IN_LOG_DAYS,
        task_result_days=settings.KIVOUCHER_TASK_RESULT_DAYS,
        upload_limit_mb=round(settings.KIVOUCHER_MAX_UPLOAD_BYTES / 1024 / 1024, 1),
        feedback_days=getattr(settings, "KIVOUCHER_FEEDBACK_RETENTION_DAYS", None),
        session_cookie=settings.SESSION_COOKIE_NAME,
        csrf_cookie=settings.CSRF_COOKIE_NAME,
        csrf_cookie_days=int(settings.CSRF_COOKIE_AGE) // 86400,
        language_cookie=settings.LANGUAGE_COOKIE_NAME,
        language_cookie_days=(
            None
            if settings.LANGUAGE_COOKIE_AGE is None
            else int(settings.LANGUAGE_COOKIE_AGE) // 86400
        ),
        messages_cookie=CookieStorage.cookie_name,
    )


def sign_language_videos_published():
    return SignLanguageVideo.objects.filter(published=True).order_by("position", "pk")


def sign_language_video_get_published(*, pk: int) -> SignLanguageVideo:
    """A published video; unpublished and unknown ones are "not found" alike."""
    return SignLanguageVideo.objects.get(pk=pk, published=True)


@dataclass(frozen=True)
class CheckedPageGroup:
    title: str
    pages: list[CheckedPage]


def checked_page_groups() -> list[CheckedPageGroup]:
    """The pages the browser suite checks with axe-core, by audience."""
    groups = []
    for audience in Audience:
        pages = [page for page in CHECKED_PAGES if page.audience == audience]
        if pages:
            groups.append(CheckedPageGroup(title=audience.label, pages=pages))
    return groups
