from django.conf import settings


def platform(request):
    return {"PLATFORM_NAME": "KI-Voucher", "SITE_URL": settings.SITE_URL}
