"""Setting up two-factor sign-in: a TOTP authenticator app per staff member (django-otp)."""

import base64

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from promises.admin.site import allow_quick_retry, locked_device


class ConfirmCodeForm(forms.Form):
    token = forms.CharField(
        label=_("Code from the app"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}
        ),
    )

    def __init__(self, device, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self):
        token = self.cleaned_data["token"].strip().replace(" ", "")
        with transaction.atomic():
            device = locked_device(self.device)
            allow_quick_retry(device)
            verified = device.verify_token(token)
        self.device.refresh_from_db()
        if not verified:
            raise forms.ValidationError(
                gettext("The code is wrong or too old. Enter the code the app shows now.")
            )
        return token


def qr_svg(text: str) -> str:
    """The QR code as inline SVG, made here so the page loads nothing from elsewhere."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")


@never_cache
@staff_member_required
def setup_view(request):
    user = request.user
    confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    base = {**admin.site.each_context(request), "title": gettext("Two-factor sign-in")}
    if confirmed:
        return render(request, "admin/two_factor_setup.html", {**base, "confirmed": True})
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": gettext("Authenticator app")}
    )
    form = ConfirmCodeForm(device, request.POST or None)
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)
        messages.success(request, gettext("Two-factor sign-in is now on for your account."))
        return redirect("admin:index")
    context = {
        **base,
        "form": form,
        "confirmed": False,
        "required": settings.ADMIN_REQUIRE_2FA,
        "qr_svg": qr_svg(device.config_url),
        "secret": base64.b32encode(device.bin_key).decode(),
    }
    return render(request, "admin/two_factor_setup.html", context)
