"""Sign-in (by user name or e-mail, single sign-on button) and one's own account
page with the deletion of the account."""

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from kivoucher.accounts.directory import PROVIDER_ID, directory_app
from kivoucher.accounts.forms import AccountDeleteForm, SignInForm
from kivoucher.accounts.selectors import account_deletion_blockers, email_addresses_of
from kivoucher.accounts.services import account_delete
from kivoucher.core.web import service_run


class SignInView(auth_views.LoginView):
    authentication_form = SignInForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        app = directory_app()
        if app is not None:
            context["directory_login_url"] = reverse(
                "openid_connect_login", kwargs={"provider_id": PROVIDER_ID}
            )
            context["directory_name"] = app.name if app.name != "Single sign-on" else ""
        return context


sign_in = SignInView.as_view()


def _overview_context(request, form=None):
    user = request.user
    return {
        "addresses": email_addresses_of(user=user),
        "has_password": user.has_usable_password(),
        "blockers": account_deletion_blockers(user=user),
        "delete_form": form or AccountDeleteForm(user=user),
    }


@never_cache
@login_required
def account_overview(request):
    return render(request, "accounts/overview.html", _overview_context(request))


@require_POST
@never_cache
@login_required
def account_delete_view(request):
    user = request.user
    if not user.has_usable_password():
        return redirect("account-overview")
    if not ratelimit.consume(request, action="reauthenticate", user=user):
        return render(request, "429.html", status=429)
    form = AccountDeleteForm(request.POST, user=user)
    if form.is_valid():
        outcome = service_run(request, lambda: account_delete(user=user, actor=user), form=form)
        if outcome:
            logout(request)
            messages.success(
                request,
                gettext("Your account is deleted. Thank you for taking part in the programme."),
            )
            return redirect("index")
    return render(request, "accounts/overview.html", _overview_context(request, form))
