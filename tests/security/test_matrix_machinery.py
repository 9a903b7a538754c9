"""The matrix's judgement itself: it must flag the mistakes it exists to catch."""

from django.http import HttpResponse, HttpResponseRedirect

from kivoucher.core.roles import Role
from tests.security.matrix import Route, expect_api, expect_page
from tests.security.samples import ADMIN, PUBLIC, SIGNED_IN, STAFF_ONLY, members


def response(status: int, location: str = "", method: str = "GET") -> HttpResponse:
    r = HttpResponseRedirect(location) if location else HttpResponse(status=status)
    r.status_code = status
    r.request = {"REQUEST_METHOD": method}
    return r


def test_public_pages_must_answer_anonymous_users():
    assert expect_page(PUBLIC, "anonymous", response(200), own=None) is None
    assert expect_page(PUBLIC, "anonymous", response(302, "/accounts/login/"), own=None)


def test_sign_in_pages_must_redirect_anonymous_users_to_the_login():
    to_login = response(302, "/accounts/login/?next=/x/")
    assert expect_page(SIGNED_IN, "anonymous", to_login, own=None) is None
    assert expect_page(SIGNED_IN, "anonymous", response(200), own=None)
    assert expect_page(SIGNED_IN, "anonymous", response(302, "/elsewhere/"), own=None)


def test_staff_pages_must_refuse_organisation_roles():
    assert expect_page(STAFF_ONLY, Role.APPLICANT, response(403), own=None) is None
    assert expect_page(STAFF_ONLY, Role.APPLICANT, response(200), own=None)
    assert expect_page(STAFF_ONLY, Role.AUDITOR, response(200), own=None) is None


def test_foreign_objects_must_be_404_not_403():
    access = members(Role.APPLICANT)
    assert expect_page(access, Role.APPLICANT, response(200), own=True) is None
    assert expect_page(access, Role.APPLICANT, response(404), own=False) is None
    assert "404" in expect_page(access, Role.APPLICANT, response(403), own=False)
    assert expect_page(access, Role.APPLICANT, response(200), own=False)
    assert expect_api(access, Role.APPLICANT, response(403), own=False, method="GET")
    assert expect_api(access, Role.APPLICANT, response(200), own=False, method="PATCH")
    assert expect_api(access, Role.APPLICANT, response(422), own=False, method="PATCH") is None


def test_server_errors_always_fail():
    for access in (PUBLIC, SIGNED_IN, STAFF_ONLY, ADMIN):
        assert expect_page(access, Role.CASEWORKER, response(500), own=None) == "no server error"


def test_the_admin_sends_everyone_but_staff_accounts_to_its_login():
    to_login = response(302, "/admin/login/?next=/admin/")
    assert expect_page(ADMIN, Role.CASEWORKER, to_login, own=None) is None
    assert expect_page(ADMIN, Role.CASEWORKER, response(200), own=None)


def test_api_needs_a_token_unless_public():
    assert expect_api(SIGNED_IN, "anonymous", response(401), own=None, method="GET") is None
    assert expect_api(SIGNED_IN, "anonymous", response(200), own=None, method="GET")
    assert expect_api(SIGNED_IN, "anonymous", response(401), own=None, method="POST") is None


def test_routes_are_built_from_path_and_regex_patterns():
    route = Route("x", "admin/^(?P<app_label>core|ledger)/$", "admin", ("app_label",))
    assert route.build({"app_label": "core"}) == "/admin/core/"
    route = Route("y", "organisations/<int:org_id>/data-export.zip", "", ("org_id",))
    assert route.build({"org_id": 7}) == "/organisations/7/data-export.zip"
