"""allauth's own messages that the platform says formally ("Sie" instead of
allauth's "du"): listed here so that `makemessages` keeps them in this app's
catalogue, which comes before allauth's (INSTALLED_APPS order)."""

from django.utils.translation import gettext_noop

ALLAUTH_MESSAGES = (
    gettext_noop("You cannot remove your primary email address."),
    gettext_noop("Please type your current password."),
    gettext_noop("You cannot add more than %d email addresses."),
    gettext_noop("Too many failed login attempts. Try again later."),
    gettext_noop("Your primary email address must be verified."),
    gettext_noop("Be patient, you are sending too many requests."),
    gettext_noop("You must type the same password each time."),
    gettext_noop("You must type the same email each time."),
    gettext_noop("Your account has no password set up."),
    gettext_noop("Your account has no verified email address."),
    gettext_noop("You cannot remove your primary email address (%(email)s)."),
    gettext_noop("You have confirmed %(email)s."),
    gettext_noop("You have signed out."),
    gettext_noop("Your password has been changed."),
    gettext_noop("Your password is now changed."),
    gettext_noop("Your email address is still pending verification."),
    gettext_noop("You are already logged in as %(user_display)s."),
    gettext_noop("Do you really want to remove the selected email address?"),
    gettext_noop("Are you sure you want to sign out?"),
    gettext_noop("Please Confirm Your Email Address"),
    gettext_noop("Verify Your Email Address"),
    gettext_noop(
        "An account already exists with this email address. Please sign in to that account "
        "first, then connect your %s account."
    ),
)
