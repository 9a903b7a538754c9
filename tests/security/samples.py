"""The registry behind the generated authorisation matrix (test_matrix.py).

The matrix walks every URL pattern (django.urls.get_resolver) and every
operation of /api/openapi.json and calls each as every role. It needs to know
two things per page or operation, and it FAILS, naming the URL, when either is
missing, so a new page or endpoint cannot slip through:

1. who may use it: an `Access` in PAGES (keyed by the URL name, e.g.
   "applications:detail" or "home"; unnamed patterns by their route), in
   NAMESPACES (a whole URL namespace) or in API (keyed "METHOD /api/v1/path"
   exactly as in the OpenAPI document);
2. how to fill its URL parameters: SAMPLES maps a URL kwarg / path parameter
   name (or, more specific, "<url name or API key>:<kwarg>") to a factory
   `factory(org) -> value` that creates an object OWNED BY `org` and returns
   the value to put into the URL. The matrix calls it once with the caller's
   own organisation and once with a foreign one (foreign objects must be 404,
   never 403: no existence leak). QUERY does the same for required query
   parameters of API operations.

API path parameters that mean different things in different routers
("code", "pk") are looked up in SAMPLES_BY_PREFIX by path prefix. SETUP runs a
callable(cast) first where the callers need something to exist (a data centre
for the data-centre token interface). The objects themselves are made in
tests/security/objects.py, once per test and organisation.

When a line merges, add its pages/operations here (one line each, the failure
message prints a suggestion) and its sample factories (in tests/<line>/factories.py,
imported lazily inside the lambdas).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kivoucher.core.roles import ACTING_STAFF_ROLES, STAFF_ROLES, Role

ANONYMOUS = "anonymous"
ORG_ROLES = frozenset({Role.APPLICANT, Role.PROVIDER, Role.DC_OPERATOR, Role.BUYER})
ALL_ROLES = frozenset(ORG_ROLES | STAFF_ROLES)
# The roles the matrix signs in as (anonymous first), in a stable order.
MATRIX_ROLES = [
    ANONYMOUS,
    Role.APPLICANT,
    Role.PROVIDER,
    Role.DC_OPERATOR,
    Role.CASEWORKER,
    Role.APPROVER,
    Role.PROGRAMME_ADMIN,
    Role.AUDITOR,
    Role.BUYER,
]


@dataclass(frozen=True)
class Access:
    """Who may use a page or API operation.

    public:   anonymous callers get `ok` too (otherwise pages redirect them to
              `login_url`, the API answers 401).
    roles:    signed-in roles that get `ok`; every other role is refused
              (`refused` statuses, or a redirect to `login_url` when
              `refuse_by_login=True`, as the Django admin does).
    own_only: roles among `roles` that may only see objects of their own
              organisation: own object -> `ok`, foreign object -> 404.
    get:      False for POST-only actions: GET answers 405 for everyone.
    """

    public: bool = False
    roles: frozenset = ALL_ROLES
    own_only: frozenset = frozenset()
    ok: tuple = (200,)
    refused: tuple = (403, 404)
    get: bool = True
    login_url: str = "/accounts/login/"
    refuse_by_login: bool = False
    note: str = field(default="", compare=False)


PUBLIC = Access(public=True)
SIGNED_IN = Access()
STAFF_ONLY = Access(roles=STAFF_ROLES)
ACTING_STAFF = Access(roles=ACTING_STAFF_ROLES)
POST_ONLY_ACTION = Access(public=True, get=False)
# The Django admin: only accounts with is_staff (the programme admin) get in;
# everyone else is sent to the admin login. Object pages may redirect or 404.
ADMIN = Access(
    roles=frozenset({Role.PROGRAMME_ADMIN}),
    ok=(200, 302, 403, 404),
    login_url="/admin/login/",
    refuse_by_login=True,
)


def members(*roles, staff=STAFF_ROLES, ok=(200,)) -> Access:
    """Objects of an organisation: its members (of these roles) and staff."""
    return Access(roles=frozenset(roles) | frozenset(staff), own_only=frozenset(roles), ok=ok)


# --- Pages (URL name -> Access) -----------------------------------------------
PAGES: dict[str, Access] = {
    "index": PUBLIC,
    "healthz": PUBLIC,
    "login": PUBLIC,
    "logout": POST_ONLY_ACTION,
    "set_language": Access(public=True, ok=(204, 302)),
    "api:openapi-json": PUBLIC,
    "api:openapi-view": PUBLIC,
    "home": SIGNED_IN,
    # Non-staff are sent on; staff with a device are shown the code form.
    "otp-verify": Access(ok=(200, 302)),
    "otp-setup": Access(ok=(200, 302)),
    "personal-data": SIGNED_IN,
    "api-tokens": SIGNED_IN,
    # A background task's progress: the person who started it and staff (core.progress).
    "task-progress": STAFF_ONLY,
    "organisation-export": members(*ORG_ROLES),
    "payments:bank_details": members(*ORG_ROLES),
    "payments:bank_details_changes": STAFF_ONLY,
    "admin:login": Access(public=True, ok=(200, 302)),
    # Accounts (django-allauth, kivoucher.accounts). `account_login` is the address of
    # `login` (our view); signed-in people are sent on from the sign-up.
    "account_login": PUBLIC,
    "account_logout": POST_ONLY_ACTION,
    "account_inactive": PUBLIC,
    "account_signup": Access(public=True, ok=(200, 302)),
    "account_email_verification_sent": PUBLIC,
    "account_confirm_email": PUBLIC,
    "account_reset_password": PUBLIC,
    "account_reset_password_done": PUBLIC,
    "account_reset_password_from_key": Access(public=True, ok=(200, 302)),
    "account_reset_password_from_key_done": PUBLIC,
    "account_confirm_login_code": Access(public=True, ok=(302, 404)),
    "account_email": SIGNED_IN,
    "account_change_password": Access(ok=(200, 302)),
    "account_set_password": Access(ok=(200, 302)),
    "account_reauthenticate": Access(ok=(200, 302)),
    "account_request_reauthentication_code": Access(ok=(302, 404)),
    "account_confirm_reauthentication_code": Access(ok=(302, 404)),
    "socialaccount_login_cancelled": PUBLIC,
    "socialaccount_login_error": Access(public=True, ok=(401,), note="allauth answers 401"),
    "socialaccount_signup": Access(public=True, ok=(302,)),
    "socialaccount_connections": SIGNED_IN,
    # Staff single sign-on: 404 while KIVOUCHER_OIDC_ISSUER is not set (the matrix
    # runs without it; tests/accounts/test_directory.py runs the real flow).
    "openid_connect_login": Access(public=True, ok=(404,)),
    "openid_connect_callback": Access(public=True, ok=(404,)),
    "account-overview": SIGNED_IN,
    "account-delete": Access(public=True, get=False, ok=(200, 302)),
    "admin:logout": Access(public=True, ok=(302, 405)),
}

# Company staff: applicants and buyers are both members of a company.
COMPANY = (Role.APPLICANT, Role.BUYER)
HOLDERS = (Role.APPLICANT, Role.PROVIDER, Role.BUYER)  # any organisation can hold a voucher


def action(*roles, own_only=(), ok=(200, 302)) -> Access:
    """A POST-only action (GET is 405): only `roles` may post it."""
    return Access(roles=frozenset(roles), own_only=frozenset(own_only), ok=ok, get=False)


def owner_action(*roles, staff=ACTING_STAFF_ROLES) -> Access:
    return action(*roles, *staff, own_only=roles)


PAGES.update(
    {
        # Unknown API paths answer a JSON 404, not an HTML page.
        "^api/": Access(public=True, ok=(404,), note="catch-all JSON 404 of the API"),
        "audit-log": Access(roles=frozenset({Role.PROGRAMME_ADMIN, Role.AUDITOR})),
        # Members are sent on to their own organisation, staff see the list.
        "organisation-list": Access(ok=(200, 302)),
        "organisation-detail": members(*ORG_ROLES),
        "organisation-edit": members(*ORG_ROLES, staff=ACTING_STAFF_ROLES),
        "call-list": PUBLIC,
        "call-feed": PUBLIC,
        # Line I: providers
        "providers:directory": PUBLIC,
        "providers:entry": PUBLIC,
        "providers:mine": Access(roles=frozenset(HOLDERS)),
        "providers:list": STAFF_ONLY,
        "providers:detail": members(*HOLDERS),
        "providers:evidence": members(*HOLDERS),
        # Line I: applications and vouchers
        "applications:list": Access(ok=(200, 302), note="staff are sent to the queue"),
        "applications:new": Access(roles=frozenset({Role.APPLICANT})),
        "applications:queue": STAFF_ONLY,
        "applications:detail": members(*COMPANY),
        # Drafts are private to the company until submitted.
        "applications:edit": members(*COMPANY, staff=()),
        "applications:submit": owner_action(Role.APPLICANT, staff=()),
        "applications:withdraw": owner_action(Role.APPLICANT, staff=()),
        "applications:aid": owner_action(Role.APPLICANT, staff=()),
        "applications:aid_remove": owner_action(Role.APPLICANT, staff=()),
        "applications:assign": action(*ACTING_STAFF_ROLES),
        "applications:request_info": ACTING_STAFF,
        "applications:review": ACTING_STAFF,
        "applications:decide": ACTING_STAFF,
        "applications:letter": members(*COMPANY),
        "applications:call_selection": ACTING_STAFF,
        "applications:vouchers": SIGNED_IN,
        "applications:voucher": members(*COMPANY),
        "applications:certificate": members(*COMPANY),
        "applications:verify": PUBLIC,
        # Line I: proofs of use
        "projects:proof": members(*COMPANY, staff=()),
        "projects:proofs": STAFF_ONLY,
        "projects:proof_detail": members(*COMPANY),
        "projects:proof_invoice": members(*COMPANY),
        # Line I: instalments (Mittelabruf)
        "projects:instalments": members(*COMPANY),
        "projects:instalment_detail": members(*COMPANY),
        "projects:instalment_invoice": members(*COMPANY),
        # Line II: compute
        "compute:overview": SIGNED_IN,
        "compute:apply": Access(roles=frozenset(COMPANY)),
        "compute:application": members(*COMPANY),
        "compute:voucher": members(*ORG_ROLES),
        "compute:data_centre": members(Role.DC_OPERATOR),
        "compute:statement": members(Role.DC_OPERATOR),
        "compute:statement_csv": members(Role.DC_OPERATOR),
        "compute:statement_approve": action(*ACTING_STAFF_ROLES),
        # the stored invoice of a statement; the data centre's consent to self-billing
        "compute:statement_invoice_file": members(Role.DC_OPERATOR),
        "compute:data_centre_self_billing": action(Role.DC_OPERATOR, own_only=(Role.DC_OPERATOR,)),
        "compute:report": members(*HOLDERS),
        # Line III: pre-sale (the offer page is the public progress page)
        "presale:index": PUBLIC,
        "presale:offer": PUBLIC,
        "presale:mine": SIGNED_IN,
        "presale:purchase": members(*COMPANY),
        "presale:purchase_cancel": owner_action(*COMPANY),
        "presale:request_confirm": owner_action(*COMPANY),
        "presale:request_withdraw": owner_action(*COMPANY),
        "presale:slot_release": owner_action(*COMPANY),
        "presale:confirm": action(*ACTING_STAFF_ROLES),
        # The calendar feed is addressed by a signed token of the feed (a capability).
        "presale:ical": Access(public=True, note="signed feed token is the credential"),
        "presale:staff": STAFF_ONLY,
        "presale:slurm": STAFF_ONLY,
        "presale:statement": ACTING_STAFF,
        "presale:evaluate": action(*ACTING_STAFF_ROLES),
        "presale:commission": action(*ACTING_STAFF_ROLES),
        "presale:maintenance": action(*ACTING_STAFF_ROLES),
        "presale:allocate": action(*ACTING_STAFF_ROLES),
        # Reporting
        "reporting-dashboard": STAFF_ONLY,
        "reporting-export": STAFF_ONLY,
        "reporting-report": STAFF_ONLY,
        # the yearly report as a task (kivoucher.reporting.tasks) and the PDF it made
        "reporting-report-start": action(*STAFF_ROLES),
        "reporting-report-file": STAFF_ONLY,
        "statistics": PUBLIC,
        "statistics-json": PUBLIC,
        "statistics-csv": PUBLIC,
        "statistics-catalog": PUBLIC,
    }
)

# Whole namespaces (checked after PAGES).
NAMESPACES: dict[str, Access] = {"admin": ADMIN}

# URL namespaces that the API half covers operation by operation.
API_NAMESPACE = "api"

# --- API operations ("METHOD /path" as in /api/openapi.json -> Access) --------
API: dict[str, Access] = {
    "GET /api/v1/me": SIGNED_IN,
    # One's own tokens; another person's token is 404 (tests/core/test_tokens.py).
    "GET /api/v1/tokens": SIGNED_IN,
    "POST /api/v1/tokens": SIGNED_IN,
    "DELETE /api/v1/tokens/{token_id}": SIGNED_IN,
    "GET /api/v1/organisations": SIGNED_IN,
    "GET /api/v1/organisations/{org_id}": members(*ORG_ROLES),
    "PATCH /api/v1/organisations/{org_id}": members(*ORG_ROLES, staff=ACTING_STAFF_ROLES),
    "GET /api/v1/organisations/{org_id}/eligibility": members(*ORG_ROLES),
    "GET /api/v1/organisations/{org_id}/export": members(*ORG_ROLES),
    "GET /api/v1/payments/payouts": SIGNED_IN,
    "GET /api/v1/payments/payouts/{payout_id}": members(*ORG_ROLES),
    "GET /api/v1/payments/bank-details-changes": SIGNED_IN,
    "GET /api/v1/payments/bank-details-changes/{change_id}": members(*ORG_ROLES),
    "GET /api/v1/programmes": PUBLIC,
    "GET /api/v1/programmes/calls": PUBLIC,
    "GET /api/v1/programmes/{code}/categories": PUBLIC,
}
DC = (Role.DC_OPERATOR,)
ACT = tuple(ACTING_STAFF_ROLES)


def api_write(*roles) -> Access:
    return Access(roles=frozenset(roles))


def dc_only() -> Access:
    """The data-centre token interface: its own data centre's objects only, no staff."""
    return members(Role.DC_OPERATOR, staff=())


API.update(
    {
        # providers
        "GET /api/v1/providers": PUBLIC,
        "GET /api/v1/providers/{entry_id}": PUBLIC,
        "GET /api/v1/providers/accreditations": SIGNED_IN,
        "POST /api/v1/providers/accreditations": api_write(*HOLDERS),
        "GET /api/v1/providers/accreditations/{acc_id}": members(*HOLDERS),
        "GET /api/v1/providers/accreditations/{acc_id}/evidence/{evidence_id}": members(*HOLDERS),
        "POST /api/v1/providers/accreditations/{acc_id}/decision": api_write(*ACT),
        "POST /api/v1/providers/accreditations/{acc_id}/revoke": api_write(*ACT),
        # applications
        "GET /api/v1/applications": SIGNED_IN,
        "POST /api/v1/applications": api_write(Role.APPLICANT),
        "GET /api/v1/applications/queue": STAFF_ONLY,
        "GET /api/v1/applications/vouchers": SIGNED_IN,
        "GET /api/v1/applications/vouchers/{code}": members(*COMPANY),
        "GET /api/v1/applications/vouchers/{code}/certificate.pdf": members(*COMPANY),
        "POST /api/v1/applications/calls/{call_id}/lottery": api_write(*ACT),
        "POST /api/v1/applications/calls/{call_id}/ranking": api_write(*ACT),
        "GET /api/v1/applications/{app_id}": members(*COMPANY),
        "PATCH /api/v1/applications/{app_id}": api_write(Role.APPLICANT),
        "GET /api/v1/applications/{app_id}/eligibility": members(*COMPANY),
        "GET /api/v1/applications/{app_id}/history": members(*COMPANY),
        "GET /api/v1/applications/{app_id}/reviews": STAFF_ONLY,
        "GET /api/v1/applications/{app_id}/letter.pdf": members(*COMPANY),
        "POST /api/v1/applications/{app_id}/submit": api_write(Role.APPLICANT),
        "POST /api/v1/applications/{app_id}/withdraw": api_write(Role.APPLICANT),
        "DELETE /api/v1/applications/{app_id}/aid/{aid_id}": api_write(Role.APPLICANT),
        "POST /api/v1/applications/{app_id}/assign": api_write(*ACT),
        "POST /api/v1/applications/{app_id}/request-info": api_write(*ACT),
        "POST /api/v1/applications/{app_id}/review": api_write(*ACT),
        "POST /api/v1/applications/{app_id}/decision": api_write(*ACT),
        # projects
        "GET /api/v1/projects/proofs": SIGNED_IN,
        "POST /api/v1/projects/vouchers/{code}/proof": api_write(*COMPANY),
        "GET /api/v1/projects/proofs/{proof_id}": members(*COMPANY),
        "GET /api/v1/projects/proofs/{proof_id}/invoice": members(*COMPANY),
        "POST /api/v1/projects/proofs/{proof_id}/check": api_write(*ACT),
        "GET /api/v1/projects/vouchers/{code}/instalments": members(*COMPANY),
        "POST /api/v1/projects/vouchers/{code}/instalments": api_write(*COMPANY),
        "GET /api/v1/projects/instalments": SIGNED_IN,
        "GET /api/v1/projects/instalments/{instalment_id}": members(*COMPANY),
        "POST /api/v1/projects/instalments/{instalment_id}/check": api_write(*ACT),
        "POST /api/v1/projects/instalments/{instalment_id}/decide": api_write(*ACT),
        # compute: the data-centre interface (DESIGN §6)
        "GET /api/v1/compute/prices": Access(roles=frozenset(DC)),
        "POST /api/v1/compute/prices": api_write(*DC),
        "POST /api/v1/compute/sacct": api_write(*DC),
        "GET /api/v1/compute/vouchers": Access(roles=frozenset(DC)),
        # what an applicant chooses from and what a company has to report
        "GET /api/v1/compute/data-centres": SIGNED_IN,
        "GET /api/v1/compute/reports": SIGNED_IN,
        "GET /api/v1/compute/vouchers/{code}": dc_only(),
        # the data centre's operators and the members of the company holding the voucher
        "PUT /api/v1/compute/vouchers/{code}/slurm-account": members(*ORG_ROLES, staff=()),
        "POST /api/v1/compute/usage": api_write(*DC),
        "POST /api/v1/compute/usage/apel": api_write(*DC),
        "POST /api/v1/compute/usage/ogf-ur": api_write(*DC),
        "POST /api/v1/compute/holds": api_write(*DC),
        "GET /api/v1/compute/holds/{hold_id}": dc_only(),
        "POST /api/v1/compute/holds/{hold_id}/settle": api_write(*DC),
        "POST /api/v1/compute/holds/{hold_id}/release": api_write(*DC),
        "POST /api/v1/compute/credentials": api_write(*DC),
        "GET /api/v1/compute/verification": Access(roles=frozenset(DC)),
        "POST /api/v1/compute/statements": api_write(*DC),
        # compute: applicants and staff
        "POST /api/v1/compute/applications": api_write(*COMPANY),
        "GET /api/v1/compute/applications/{pk}": members(*COMPANY),
        "POST /api/v1/compute/applications/{pk}/review": api_write(*ACT),
        "POST /api/v1/compute/applications/{pk}/decision": api_write(*ACT),
        "POST /api/v1/compute/applications/{pk}/exception": api_write(*ACT),
        "GET /api/v1/compute/statements": SIGNED_IN,
        "POST /api/v1/compute/statements/{pk}/approve": api_write(*ACT),
        # the data centre invoices its approved statement (issue 22); staff read it
        "POST /api/v1/compute/statements/{pk}/invoice": api_write(*DC),
        "GET /api/v1/compute/statements/{pk}/invoice/file": members(Role.DC_OPERATOR),
        "PUT /api/v1/compute/data-centres/{code}/self-billing-consent": api_write(*DC),
        "POST /api/v1/compute/reports/{pk}": api_write(*HOLDERS),
        "POST /api/v1/compute/data-centres": api_write(*ACT),
        "POST /api/v1/compute/data-centres/{code}/keys": api_write(*ACT),
        # presale
        "GET /api/v1/presale/offers": PUBLIC,
        "POST /api/v1/presale/offers": api_write(*ACT),
        "GET /api/v1/presale/offers/{code}": PUBLIC,
        "POST /api/v1/presale/offers/{code}/purchases": api_write(*COMPANY),
        "GET /api/v1/presale/purchases": SIGNED_IN,
        "GET /api/v1/presale/purchases/{pk}": members(*COMPANY),
        "POST /api/v1/presale/purchases/{pk}/cancel": api_write(*COMPANY, *ACT),
        "POST /api/v1/presale/purchases/{pk}/requests": api_write(*COMPANY, *ACT),
        "GET /api/v1/presale/requests": SIGNED_IN,
        "GET /api/v1/presale/requests/{pk}": members(*COMPANY),
        "POST /api/v1/presale/requests/{pk}/confirm": api_write(*COMPANY, *ACT),
        "POST /api/v1/presale/requests/{pk}/withdraw": api_write(*COMPANY, *ACT),
        "GET /api/v1/presale/slots": SIGNED_IN,
        "POST /api/v1/presale/slots/{pk}/release": api_write(*COMPANY, *ACT),
        "POST /api/v1/presale/offers/{code}/publish": api_write(*ACT),
        "POST /api/v1/presale/purchases/{pk}/confirm-payment": api_write(*ACT),
        "POST /api/v1/presale/bank-statements": api_write(*ACT),
        "GET /api/v1/presale/offers/{code}/order-book": STAFF_ONLY,
        "POST /api/v1/presale/offers/{code}/evaluate": api_write(*ACT),
        "POST /api/v1/presale/offers/{code}/commission": api_write(*ACT),
        "POST /api/v1/presale/offers/{code}/maintenance": api_write(*ACT),
        "POST /api/v1/presale/offers/{code}/allocate": api_write(*ACT),
        "POST /api/v1/presale/slots/{pk}/use": api_write(*ACT),
        "GET /api/v1/presale/offers/{code}/slurm": STAFF_ONLY,
        # the Slurm site agent of the operating organisation's data centre
        "GET /api/v1/presale/reservations": Access(roles=frozenset(DC)),
        # reporting
        "GET /api/v1/public/statistics": PUBLIC,
        "GET /api/v1/reporting/dashboard": STAFF_ONLY,
    }
)


def _dc_setup(cast) -> None:
    """The data-centre operator's organisation runs a data centre."""
    from tests.security import objects

    objects.data_centre(cast.own_org(Role.DC_OPERATOR))


def _line1_setup(cast) -> None:
    from tests.security import objects

    objects.world()


# Run before a page / operation is called (objects its callers need to exist).
SETUP: dict[str, Callable] = {
    "GET /api/v1/compute/prices": _dc_setup,
    "GET /api/v1/compute/vouchers": _dc_setup,
    "GET /api/v1/compute/verification": _dc_setup,
    "providers:mine": _line1_setup,
}


# --- Sample objects for URL parameters -----------------------------------------
def _programme_code(org) -> str:
    from tests.factories import ProgrammeFactory

    return ProgrammeFactory().code


Factory = Callable[[Any], Any]

SAMPLES: dict[str, Factory] = {
    "org_id": lambda org: org.pk,
    "GET /api/v1/programmes/{code}/categories:code": _programme_code,
    # The Django admin checks is_staff before it looks objects up.
    "admin:object_id": lambda org: "1",
    "admin:content_type_id": lambda org: "1",
    "admin:pk": lambda org: "1",
    "admin:id": lambda org: "1",
    "admin:app_label": lambda org: "core",
    "admin:url": lambda org: "no-such-page/",
    # Links from mails: a made-up key shows the "expired or not valid" page.
    "account_confirm_email:key": lambda org: "no-such-key",
    "account_reset_password_from_key:uidb36": lambda org: "0",
    "account_reset_password_from_key:key": lambda org: "no-such-key",
    "openid_connect_login:provider_id": lambda org: "directory",
    "openid_connect_callback:provider_id": lambda org: "directory",
}


def _o(name: str, attr: str = "pk") -> Factory:
    """A factory: tests/security/objects.<name>(org).<attr>."""

    def factory(org):
        from tests.security import objects

        return getattr(getattr(objects, name)(org), attr)

    factory.__name__ = f"{name}.{attr}"
    return factory


def _someone_elses_progress(org):
    from kivoucher.core.progress import progress_start
    from tests.factories import UserFactory

    return progress_start(user=UserFactory(), message="sample").key


def _someone_elses_report(org):
    """A finished report task of another person, with its PDF in the storage."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from kivoucher.core.progress import progress_finish
    from kivoucher.reporting.tasks import report_file_name

    key = _someone_elses_progress(org)
    progress_finish(key, message="sample")
    name = report_file_name(year=2026, key=key)
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(b"%PDF-1.7 sample"))
    return key


def _someone_elses_token(org):
    from kivoucher.core.tokens import api_token_create
    from tests.factories import UserFactory

    return api_token_create(user=UserFactory())[0].pk


SAMPLES.update(
    {
        "token_id": _someone_elses_token,
        "task-progress:key": _someone_elses_progress,
        # pages
        "pk": lambda org: org.pk,  # organisation pages
        "applications:pk": _o("application"),
        "applications:letter:pk": _o("approved_application"),
        "applications:call_selection:pk": _o("world_call"),
        "applications:code": _o("voucher", "code"),
        "projects:code": _o("voucher", "code"),
        "projects:pk": _o("proof"),
        "projects:instalment_detail:pk": _o("instalment"),
        "projects:instalment_invoice:pk": _o("instalment"),
        "projects:instalment_invoice:invoice_pk": _o("instalment_invoice"),
        "providers:pk": _o("accreditation"),
        "providers:entry:pk": _o("directory_entry"),
        "providers:evidence_pk": _o("evidence"),
        "compute:application:pk": _o("compute_application"),
        "compute:statement:pk": _o("statement"),
        "compute:statement_approve:pk": _o("statement"),
        "compute:statement_csv:pk": _o("statement"),
        "compute:statement_invoice_file:pk": _o("invoiced_statement"),
        "compute:data_centre_self_billing:code": _o("data_centre", "code"),
        "GET /api/v1/compute/statements/{pk}/invoice/file:pk": _o("invoiced_statement"),
        "compute:report:pk": _o("final_report"),
        "compute:voucher:code": _o("compute_voucher", "code"),
        "compute:data_centre:code": _o("data_centre", "code"),
        "presale:purchase:pk": _o("purchase"),
        "presale:purchase_cancel:pk": _o("purchase"),
        "presale:confirm:pk": _o("purchase"),
        "presale:request_confirm:pk": _o("slot_request"),
        "presale:request_withdraw:pk": _o("slot_request"),
        "presale:slot_release:pk": _o("slot"),
        "presale:token": lambda org: __import__(
            "tests.security.objects", fromlist=["x"]
        ).calendar_token(org),
        "presale:code": _o("offer", "code"),
        "reporting-export:key": lambda org: "all",
        "reporting-export:fmt": lambda org: "xlsx",
        "reporting-report:year": lambda org: 2026,
        "reporting-report-start:year": lambda org: 2026,
        "reporting-report-file:year": lambda org: 2026,
        "reporting-report-file:key": _someone_elses_report,
        "statistics-csv:key": lambda org: "budget",
        # API path parameters
        "acc_id": _o("accreditation"),
        "evidence_id": _o("evidence"),
        "entry_id": _o("directory_entry"),
        "call_id": _o("world_call"),
        "app_id": _o("application"),
        "PATCH /api/v1/applications/{app_id}:app_id": _o("draft_application"),
        "applications:aid_remove:pk": _o("draft_application"),
        "applications:aid_remove:aid_pk": _o("declared_aid"),
        "DELETE /api/v1/applications/{app_id}/aid/{aid_id}:app_id": _o("draft_application"),
        "DELETE /api/v1/applications/{app_id}/aid/{aid_id}:aid_id": _o("declared_aid"),
        "POST /api/v1/applications/{app_id}/submit:app_id": _o("draft_application"),
        "GET /api/v1/applications/{app_id}/letter.pdf:app_id": _o("approved_application"),
        "applications:edit:pk": _o("draft_application"),
        "applications:submit:pk": _o("draft_application"),
        "proof_id": _o("proof"),
        "instalment_id": _o("instalment"),
        "hold_id": _o("hold", "hold_id"),
    }
)
# API path parameters named alike in several routers: by path prefix.
SAMPLES_BY_PREFIX: list[tuple[str, str, Factory]] = [
    ("/api/v1/applications/vouchers/", "code", _o("voucher", "code")),
    ("/api/v1/projects/vouchers/", "code", _o("voucher", "code")),
    ("/api/v1/compute/vouchers/", "code", _o("compute_voucher", "code")),
    ("/api/v1/compute/data-centres/", "code", _o("data_centre", "code")),
    ("/api/v1/compute/applications/", "pk", _o("compute_application")),
    ("/api/v1/compute/statements/", "pk", _o("statement")),
    ("/api/v1/compute/reports/", "pk", _o("final_report")),
    ("/api/v1/presale/offers/", "code", _o("offer", "code")),
    ("/api/v1/presale/purchases/", "pk", _o("purchase")),
    ("/api/v1/presale/requests/", "pk", _o("slot_request")),
    ("/api/v1/presale/slots/", "pk", _o("slot")),
]

# Required query parameters of API operations.
QUERY: dict[str, Factory] = {
    "GET /api/v1/organisations/{org_id}/eligibility:programme": _programme_code,
}

# Patterns deliberately not exercised, with the reason (keep this short).
EXCLUDED: dict[str, str] = {
    "api:api-root": "ninja's mount point of the API, not a page (404 by design)",
}

# --- payments: changes of bank details wait for a second person ---------------------------
# The sample change was asked for by a caseworker: the organisation's members may confirm
# or reject it, and so may approvers and programme admins; caseworkers and auditors not.
_BANK_DECIDERS = (*ORG_ROLES, Role.APPROVER, Role.PROGRAMME_ADMIN)
PAGES.update(
    {
        "payments:bank_details_confirm": action(*_BANK_DECIDERS, own_only=ORG_ROLES),
        "payments:bank_details_reject": action(*_BANK_DECIDERS, own_only=ORG_ROLES),
    }
)
API.update(
    {
        "POST /api/v1/payments/bank-details-changes/{change_id}/confirm": Access(
            roles=frozenset(_BANK_DECIDERS), own_only=ORG_ROLES
        ),
        "POST /api/v1/payments/bank-details-changes/{change_id}/reject": Access(
            roles=frozenset(_BANK_DECIDERS), own_only=ORG_ROLES
        ),
    }
)


def _payments(name: str) -> Factory:
    def factory(org):
        from tests.payments import factories

        return getattr(factories, name)(org).pk

    factory.__name__ = name
    return factory


# --- payments: payouts released by a second person, SEPA batches, bank statements ------------
# Staff pages; approvers and programme admins release (four eyes: never the preparer),
# acting staff cancel, build and export batches and import statements; the auditor reads.
_RELEASERS = (Role.APPROVER, Role.PROGRAMME_ADMIN)
PAGES.update(
    {
        "payments:payouts": STAFF_ONLY,
        "payments:payout_release": action(*_RELEASERS),
        "payments:payout_cancel": action(*ACTING_STAFF_ROLES),
        "payments:payout_prepare_again": action(*ACTING_STAFF_ROLES),
        "payments:batch_create": action(*ACTING_STAFF_ROLES),
        "payments:batch": STAFF_ONLY,
        "payments:batch_xml": STAFF_ONLY,
        "payments:batch_export": action(*ACTING_STAFF_ROLES),
        "payments:batch_discard": action(*ACTING_STAFF_ROLES),
        "payments:batch_mark_paid": action(*ACTING_STAFF_ROLES),
        "payments:batch_take_out": action(*ACTING_STAFF_ROLES),
        "payments:bank_statements": STAFF_ONLY,
    }
)
API.update(
    {
        "POST /api/v1/payments/payouts/{payout_id}/release": Access(roles=frozenset(_RELEASERS)),
        "POST /api/v1/payments/payouts/{payout_id}/cancel": ACTING_STAFF,
        "POST /api/v1/payments/payouts/{payout_id}/prepare-again": ACTING_STAFF,
        "GET /api/v1/payments/batches": STAFF_ONLY,
        "POST /api/v1/payments/bank-statements": ACTING_STAFF,
    }
)

SAMPLES.update(
    {
        "payout_id": _payments("payout_of"),
        "batch_id": _payments("batch_of"),
        "change_id": _payments("bank_details_change_of"),
        "payments:pk": _payments("bank_details_change_of"),
        "payments:bank_details:pk": lambda org: org.pk,
    }
)

# --- presale: price preview, calendar feeds (renewable by the holder's people) -------------
PAGES.update(
    {
        "presale:price_preview": PUBLIC,
        "presale:feed_renew": action(*ORG_ROLES),
    }
)
API.update(
    {
        "GET /api/v1/presale/offers/{code}/price": PUBLIC,
        # the caller's own organisation's feed; staff have none (403)
        "GET /api/v1/presale/calendar-feed": Access(roles=frozenset(ORG_ROLES)),
        "POST /api/v1/presale/calendar-feed/renew": api_write(*ORG_ROLES),
    }
)
QUERY["GET /api/v1/presale/offers/{code}/price:unit_hours"] = lambda org: 2

# --- feedback: the public report of a barrier, staff's tickets ---------------------------
PAGES.update(
    {
        "feedback-report": PUBLIC,
        "feedback-thanks": PUBLIC,
        "feedback-tickets": STAFF_ONLY,
        # The auditor reads tickets; answering and status changes are refused (403).
        "feedback-ticket": STAFF_ONLY,
        "feedback-ticket-status": action(*ACTING_STAFF_ROLES),
    }
)


def _feedback_ticket(org):
    """A ticket is nobody's organisation's: staff see each one, nobody else any."""
    from tests.feedback.factories import ticket_report

    return ticket_report(email="").pk


SAMPLES.update(
    {
        "feedback-ticket:pk": _feedback_ticket,
        "feedback-ticket-status:pk": _feedback_ticket,
    }
)

# --- publicpages: legal and information pages (issue 19) ----------------------------------
PAGES.update(
    {
        "impressum": PUBLIC,
        "datenschutz": PUBLIC,
        "barrierefreiheit": PUBLIC,
        "leichte-sprache": PUBLIC,
        "gebaerdensprache": PUBLIC,
        # published sign language videos and their captions are public like the page
        "gebaerdensprache-video": PUBLIC,
        "gebaerdensprache-captions": PUBLIC,
    }
)


def _sign_language_video(org):
    """A published video with captions; it belongs to no organisation."""
    from django.core.files.base import ContentFile

    from kivoucher.publicpages.models import SignLanguageVideo

    video = SignLanguageVideo(title="Willkommen", description="Begrüßung", published=True)
    video.video.save("sample.mp4", ContentFile(b"\x00\x00\x00\x18ftypmp42"), save=False)
    video.captions.save("sample.vtt", ContentFile(b"WEBVTT\n"), save=False)
    video.save()
    return video.pk


SAMPLES.update(
    {
        "gebaerdensprache-video:pk": _sign_language_video,
        "gebaerdensprache-captions:pk": _sign_language_video,
    }
)

# --- webhooks: an organisation's own endpoints; only its members manage them ---------------
_WEBHOOKS = members(*ORG_ROLES, staff=())
PAGES.update(
    {
        "webhooks:list": _WEBHOOKS,
        "webhooks:endpoint": _WEBHOOKS,
        "webhooks:rotate": action(*ORG_ROLES, own_only=ORG_ROLES),
        "webhooks:test": action(*ORG_ROLES, own_only=ORG_ROLES),
        "webhooks:enabled": action(*ORG_ROLES, own_only=ORG_ROLES),
        "webhooks:delete": action(*ORG_ROLES, own_only=ORG_ROLES),
        "webhooks:redeliver": action(*ORG_ROLES, own_only=ORG_ROLES),
    }
)
API.update(
    {
        "GET /api/v1/webhooks": SIGNED_IN,  # the caller's own endpoints (none for staff)
        "POST /api/v1/webhooks": api_write(*ORG_ROLES),
        "GET /api/v1/webhooks/{webhook_id}": _WEBHOOKS,
        "PATCH /api/v1/webhooks/{webhook_id}": _WEBHOOKS,
        "DELETE /api/v1/webhooks/{webhook_id}": _WEBHOOKS,
        "POST /api/v1/webhooks/{webhook_id}/rotate-secret": _WEBHOOKS,
        "POST /api/v1/webhooks/{webhook_id}/test": _WEBHOOKS,
        "GET /api/v1/webhooks/{webhook_id}/deliveries": _WEBHOOKS,
        "POST /api/v1/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver": _WEBHOOKS,
    }
)


def _webhook(name: str) -> Factory:
    def factory(org):
        from tests.webhooks import factories

        return getattr(factories, name)(org).pk

    factory.__name__ = f"webhooks.{name}"
    return factory


SAMPLES.update(
    {
        "webhook_id": _webhook("endpoint"),
        "delivery_id": _webhook("delivery"),
        "webhooks:pk": _webhook("endpoint"),
        "webhooks:delivery_id": _webhook("delivery"),
    }
)

# --- change requests (Änderungsanträge) on vouchers of line I and II -----------------------
# The company (applicants) asks and withdraws, caseworkers review, approvers decide; the
# history and the notices are read like the voucher itself.
_LINE1_CHANGES = {
    "applications:change_new": owner_action(Role.APPLICANT, staff=()),
    "applications:change_withdraw": owner_action(Role.APPLICANT, staff=()),
    "applications:change_review": action(Role.CASEWORKER, Role.PROGRAMME_ADMIN),
    "applications:change_decide": action(Role.APPROVER, Role.PROGRAMME_ADMIN),
    "applications:change_notice": members(*COMPANY),
}
PAGES.update(_LINE1_CHANGES)
PAGES.update(
    {
        "compute:change_new": owner_action(Role.APPLICANT, staff=()),
        "compute:change_withdraw": owner_action(Role.APPLICANT, staff=()),
        "compute:change_review": action(Role.CASEWORKER, Role.PROGRAMME_ADMIN),
        "compute:change_decide": action(Role.APPROVER, Role.PROGRAMME_ADMIN),
        "compute:change_notice": members(*ORG_ROLES),
    }
)
API.update(
    {
        "GET /api/v1/applications/vouchers/{code}/change-requests": members(*COMPANY),
        "POST /api/v1/applications/vouchers/{code}/change-requests": api_write(Role.APPLICANT),
        "GET /api/v1/applications/change-requests/{cr_id}": members(*COMPANY),
        "GET /api/v1/applications/change-requests/{cr_id}/notice.pdf": members(*COMPANY),
        "POST /api/v1/applications/change-requests/{cr_id}/review": api_write(*ACT),
        "POST /api/v1/applications/change-requests/{cr_id}/decide": api_write(*ACT),
        "POST /api/v1/applications/change-requests/{cr_id}/withdraw": api_write(Role.APPLICANT),
        "GET /api/v1/compute/vouchers/{code}/change-requests": members(*ORG_ROLES),
        "POST /api/v1/compute/vouchers/{code}/change-requests": api_write(Role.APPLICANT),
        "GET /api/v1/compute/change-requests/{cr_id}": members(*ORG_ROLES),
        "GET /api/v1/compute/change-requests/{cr_id}/notice.pdf": members(*ORG_ROLES),
        "POST /api/v1/compute/change-requests/{cr_id}/review": api_write(*ACT),
        "POST /api/v1/compute/change-requests/{cr_id}/decide": api_write(*ACT),
        "POST /api/v1/compute/change-requests/{cr_id}/withdraw": api_write(Role.APPLICANT),
    }
)


def _decided_change_request(org):
    """An approved extension of the voucher of `org`, with its notice."""
    from django.utils import timezone

    from kivoucher.applications.models import ChangeRequest
    from kivoucher.applications.services.change_requests import _notice_issue
    from tests.security import objects

    v = objects.voucher(org)
    figures = {"valid_until": v.valid_until.isoformat()}
    cr = ChangeRequest.objects.create(
        voucher=v,
        kind="extension",
        months=1,
        reason="Verzug",
        status="approved",
        decided_at=timezone.now(),
        before=figures,
        after=figures,
    )
    _notice_issue(cr)
    return cr.pk


def _decided_compute_change_request(org):
    """An approved extension of the compute voucher of `org`, with its notice."""
    from django.utils import timezone

    from kivoucher.compute.models import ComputeChangeNotice, ComputeChangeRequest
    from kivoucher.core.uploads import upload_check
    from tests.applications.factories import PDF_BYTES
    from tests.security import objects

    v = objects.compute_voucher(org)
    cr = ComputeChangeRequest.objects.create(
        voucher=v,
        kind="extension",
        months=1,
        reason="Verzug",
        status="approved",
        decided_at=timezone.now(),
    )
    notice = ComputeChangeNotice(change_request=cr)
    notice.fill_from(upload_check(PDF_BYTES, name="n.pdf"), folder="compute/changes/test")
    notice.save()
    return cr.pk


SAMPLES.update(
    {
        **{f"{name}:pk": _decided_change_request for name in _LINE1_CHANGES},
        **{
            f"compute:{name}:pk": _decided_compute_change_request
            for name in ("change_withdraw", "change_review", "change_decide", "change_notice")
        },
        "compute:change_new:code": _o("compute_voucher", "code"),
    }
)
SAMPLES_BY_PREFIX += [
    ("/api/v1/applications/change-requests/", "cr_id", _decided_change_request),
    ("/api/v1/compute/change-requests/", "cr_id", _decided_compute_change_request),
]

# --- recovery: cases (Rückforderung), objections, receivables; the de-minimis register ---
_RECOVERY_DECIDERS = (Role.APPROVER, Role.PROGRAMME_ADMIN)
PAGES.update(
    {
        "recovery:list": SIGNED_IN,  # staff see every case, a company its own
        "recovery:start": Access(roles=frozenset({Role.PROGRAMME_ADMIN})),
        "recovery:case": members(*ORG_ROLES),
        # the sample case is only started: no letter yet (404) for whoever may see it
        "recovery:hearing_pdf": members(*ORG_ROLES, ok=(200, 404)),
        "recovery:decision_pdf": members(*ORG_ROLES, ok=(200, 404)),
        "recovery:hearing": action(*ACTING_STAFF_ROLES),
        "recovery:answer": owner_action(*ORG_ROLES),
        "recovery:decide": action(*_RECOVERY_DECIDERS),
        "recovery:objection": owner_action(*ORG_ROLES),
        "recovery:objection_decide": action(*_RECOVERY_DECIDERS),
        "deminimis-register": STAFF_ONLY,
    }
)
API.update(
    {
        "GET /api/v1/recovery/cases": SIGNED_IN,
        "POST /api/v1/recovery/cases": api_write(Role.PROGRAMME_ADMIN),
        "GET /api/v1/recovery/cases/{case_id}": members(*ORG_ROLES),
        "POST /api/v1/recovery/cases/{case_id}/hearing": api_write(*ACTING_STAFF_ROLES),
        "POST /api/v1/recovery/cases/{case_id}/answer": Access(
            roles=frozenset(ORG_ROLES | ACTING_STAFF_ROLES), own_only=ORG_ROLES
        ),
        "POST /api/v1/recovery/cases/{case_id}/decide": api_write(*_RECOVERY_DECIDERS),
        "POST /api/v1/recovery/cases/{case_id}/objection": Access(
            roles=frozenset(ORG_ROLES | ACTING_STAFF_ROLES), own_only=ORG_ROLES
        ),
        "POST /api/v1/recovery/cases/{case_id}/objection/decide": api_write(*_RECOVERY_DECIDERS),
        "GET /api/v1/recovery/receivables": SIGNED_IN,
        "GET /api/v1/programmes/de-minimis-register.csv": STAFF_ONLY,
        "GET /api/v1/programmes/de-minimis-register.xlsx": STAFF_ONLY,
    }
)


def _recovery_case(org):
    from tests.recovery.factories import recovery_case_of

    return recovery_case_of(org).pk


SAMPLES.update(
    {
        "case_id": _recovery_case,
        "recovery:pk": _recovery_case,
        "deminimis-register:fmt": lambda org: "csv",
    }
)


# --- organisations' people: registration, joining, members, invitations (issue 15) -------
_ORG_ACT = owner_action(*ORG_ROLES)  # POST-only; the organisation's owners and acting staff
PAGES.update(
    {
        # Programme staff act for no organisation: they do not register or join one.
        "organisation-register": Access(roles=frozenset(ORG_ROLES)),
        "organisation-join": Access(roles=frozenset(ORG_ROLES)),
        # The link in the invitation mail: anyone holding it sees whom it invites; a
        # signed-in person with another address is refused (403).
        "organisation-invitation": Access(public=True, ok=(200, 403)),
        "organisation-members": members(*ORG_ROLES),
        "organisation-invite": _ORG_ACT,
        "organisation-invitation-revoke": _ORG_ACT,
        "organisation-member-role": _ORG_ACT,
        "organisation-member-remove": _ORG_ACT,
        "organisation-leave": _ORG_ACT,
        "organisation-hand-over": _ORG_ACT,
        "organisation-join-request-decide": _ORG_ACT,
    }
)
API.update(
    {
        "POST /api/v1/organisations": api_write(*ORG_ROLES),
        "POST /api/v1/organisations/join-requests": api_write(*ORG_ROLES),
        "GET /api/v1/organisations/{org_id}/join-requests": members(*ORG_ROLES),
        "POST /api/v1/organisations/{org_id}/join-requests/{request_id}/decision": members(
            *ORG_ROLES, staff=ACTING_STAFF_ROLES
        ),
        "GET /api/v1/organisations/{org_id}/members": members(*ORG_ROLES),
        "PATCH /api/v1/organisations/{org_id}/members/{member_id}": members(
            *ORG_ROLES, staff=ACTING_STAFF_ROLES
        ),
        "DELETE /api/v1/organisations/{org_id}/members/{member_id}": members(
            *ORG_ROLES, staff=ACTING_STAFF_ROLES
        ),
        "POST /api/v1/organisations/{org_id}/invitations": members(
            *ORG_ROLES, staff=ACTING_STAFF_ROLES
        ),
        "GET /api/v1/organisations/{org_id}/invitations": members(*ORG_ROLES),
        "DELETE /api/v1/organisations/{org_id}/invitations/{invitation_id}": members(
            *ORG_ROLES, staff=ACTING_STAFF_ROLES
        ),
        # Any signed-in person may try a token; only the invited address joins.
        "POST /api/v1/organisations/invitations/accept": SIGNED_IN,
    }
)


def _another_member(org):
    from tests.factories import member_of

    person = member_of(org)
    return person.memberships.get(organisation=org).pk


def _invitation(org, *, token=False):
    from kivoucher.organizations.members import invitation_create
    from kivoucher.organizations.models import Membership
    from tests.factories import UserFactory

    owner = UserFactory()
    Membership.objects.create(user=owner, organisation=org, role=Membership.Role.OWNER)
    invitation, key = invitation_create(
        actor=owner, organisation=org, email=f"invited-{owner.pk}@example.org", role="member"
    )
    return key if token else invitation.pk


def _join_request(org):
    from kivoucher.organizations.models import JoinRequest
    from tests.factories import UserFactory

    return JoinRequest.objects.create(organisation=org, user=UserFactory()).pk


SAMPLES.update(
    {
        "membership_id": _another_member,
        "member_id": _another_member,
        "invitation_id": _invitation,
        "request_id": _join_request,
        "organisation-invitation:token": lambda org: _invitation(org, token=True),
    }
)

# --- invoicing: invoices the platform issues (issue 22) ------------------------------------
PAGES.update(
    {
        # staff's list per issuer; one invoice and its downloads: the recipient's people
        "invoicing:list": STAFF_ONLY,
        "invoicing:detail": members(*COMPANY),
        "invoicing:xml": members(*COMPANY),
        "invoicing:pdf": members(*COMPANY),
        "invoicing:statement_self_billing": action(*ACTING_STAFF_ROLES),
    }
)
API.update(
    {
        "GET /api/v1/presale/purchases/{pk}/invoices": members(*COMPANY),
        "GET /api/v1/invoices": STAFF_ONLY,
        "GET /api/v1/invoices/{invoice_id}": members(*COMPANY),
        "GET /api/v1/invoices/{invoice_id}/xml": members(*COMPANY),
        "GET /api/v1/invoices/{invoice_id}/pdf": members(*COMPANY),
        "POST /api/v1/compute/statements/{pk}/self-billed-invoice": api_write(*ACT),
    }
)


def _invoice(org):
    from tests.invoicing.factories import sample_invoice

    return sample_invoice(org)


SAMPLES.update(
    {
        "invoice_id": _invoice,
        "invoicing:pk": _invoice,
        "invoicing:statement_self_billing:pk": _o("statement"),
    }
)


# --- presale: investors (sheet, test, simulation, revocation), KYC, transfers of hours ------
PAGES.update(
    {
        "presale:kiis": PUBLIC,
        "presale:kiis_edit": ACTING_STAFF,
        "presale:investor": Access(roles=frozenset({Role.BUYER})),
        "presale:kyc": Access(roles=frozenset({Role.BUYER})),
        "presale:kyc_list": STAFF_ONLY,
        "presale:kyc_check": STAFF_ONLY,
        "presale:purchase_revoke": owner_action(*COMPANY),
        "presale:transfers": SIGNED_IN,
        "presale:transfer_offer": action(Role.BUYER, own_only=(Role.BUYER,)),
        # other buyers' open offers are there to be taken over (not own-only)
        "presale:transfer_accept": action(Role.BUYER),
        "presale:transfer_withdraw": owner_action(*COMPANY),
        "presale:hand_back": action(*ACTING_STAFF_ROLES),
    }
)
API.update(
    {
        "GET /api/v1/presale/offers/{code}/share-classes/{share_class}/kiis": PUBLIC,
        "POST /api/v1/presale/offers/{code}/share-classes/{share_class}/kiis": api_write(*ACT),
        "POST /api/v1/presale/offers/{code}/share-classes/{share_class}/kiis/acknowledge": (
            api_write(Role.BUYER)
        ),
        "GET /api/v1/presale/investor-profile": Access(roles=frozenset({Role.BUYER})),
        "PUT /api/v1/presale/investor-profile": api_write(Role.BUYER),
        "GET /api/v1/presale/knowledge-test": SIGNED_IN,
        "POST /api/v1/presale/knowledge-test": api_write(Role.BUYER),
        "POST /api/v1/presale/loss-simulation": api_write(Role.BUYER),
        "POST /api/v1/presale/investor-profiles/{organisation_id}/classify": api_write(*ACT),
        "POST /api/v1/presale/purchases/{pk}/revoke": api_write(*COMPANY, *ACT),
        "GET /api/v1/presale/kyc": Access(roles=frozenset({Role.BUYER})),
        "PUT /api/v1/presale/kyc": api_write(Role.BUYER),
        "POST /api/v1/presale/kyc/submit": api_write(Role.BUYER),
        "GET /api/v1/presale/kyc-dossiers": SIGNED_IN,  # others get an empty list
        "POST /api/v1/presale/kyc-dossiers/{pk}/check": api_write(*ACT),
        "GET /api/v1/presale/transfers": SIGNED_IN,
        "POST /api/v1/presale/purchases/{pk}/transfers": api_write(Role.BUYER),
        "POST /api/v1/presale/transfers/{pk}/accept": api_write(Role.BUYER),
        "POST /api/v1/presale/transfers/{pk}/withdraw": api_write(*COMPANY, *ACT),
        "POST /api/v1/presale/purchases/{pk}/hand-back": api_write(*ACT),
    }
)


def _presale(name: str) -> Factory:
    def factory(org):
        from tests.presale import factories

        return getattr(factories, name)(org)

    factory.__name__ = name
    return factory


SAMPLES.update(
    {
        "presale:kiis:share_class": lambda org: "a",
        "presale:kiis_edit:share_class": lambda org: "a",
        "GET /api/v1/presale/offers/{code}/share-classes/{share_class}/kiis:share_class": (
            lambda org: "a"
        ),
        "POST /api/v1/presale/offers/{code}/share-classes/{share_class}/kiis:share_class": (
            lambda org: "a"
        ),
        "POST /api/v1/presale/offers/{code}/share-classes/{share_class}/kiis/acknowledge"
        ":share_class": lambda org: "a",
        "POST /api/v1/presale/investor-profiles/{organisation_id}/classify:organisation_id": (
            lambda org: org.pk
        ),
        "presale:purchase_revoke:pk": _o("purchase"),
        "presale:transfer_offer:pk": _o("purchase"),
        "presale:hand_back:pk": _o("purchase"),
        "presale:kyc_check:pk": _presale("matrix_kyc_dossier"),
        "presale:transfer_accept:pk": _presale("matrix_transfer"),
        "presale:transfer_withdraw:pk": _presale("matrix_transfer"),
    }
)
SAMPLES_BY_PREFIX.extend(
    [
        ("/api/v1/presale/kyc-dossiers/", "pk", _presale("matrix_kyc_dossier")),
        ("/api/v1/presale/transfers/", "pk", _presale("matrix_transfer")),
    ]
)
