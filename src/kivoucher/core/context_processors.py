from kivoucher.core.site import site_url


def platform(request):
    def nav_items():  # called by the template only where the navigation is shown
        from kivoucher.core.home import nav_items as collect

        return collect(request.user)

    return {"PLATFORM_NAME": "KI-Voucher", "SITE_URL": site_url(), "nav_items": nav_items}
