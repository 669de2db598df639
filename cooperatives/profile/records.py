"""One row per sign-in, kept beside its session so a person can see where
they are signed in and end those sessions (the profile page)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Looked for in this order: an in-app or derived browser names itself
# before the engine it is built on ("Edg/" and "CriOS/" carry "Chrome"
# or "Safari" too).
BROWSERS = (
    ("coc_coc", "Cốc Cốc"),
    ("Zalo", "Zalo"),
    ("Edg", "Edge"),
    ("OPR/", "Opera"),
    ("SamsungBrowser", "Samsung Internet"),
    ("CriOS", "Chrome"),
    ("FxiOS", "Firefox"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
SYSTEMS = (
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("Windows", "Windows"),
    ("CrOS", "ChromeOS"),
    ("Macintosh", "macOS"),
    ("Linux", "Linux"),
)


def device_describe(user_agent: str) -> str:
    """A short name of the device, such as "Chrome trên Android": enough for a person to
    recognise their own phone or office computer, not a fingerprint."""
    browser = next((name for mark, name in BROWSERS if mark in user_agent), "")
    system = next((name for mark, name in SYSTEMS if mark in user_agent), "")
    if browser and system:
        return _("%(browser)s trên %(system)s") % {"browser": browser, "system": system}
    return browser or system or _("Trình duyệt không rõ")


class SignInRecord(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("người dùng"),
        on_delete=models.CASCADE,
        related_name="sign_in_records",
    )
    # The key of the session (django.contrib.sessions' database rows): a
    # secret, never shown on a page; a session is named there by this row's id.
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(gettext_lazy("đăng nhập lúc"), default=timezone.now)
    last_seen_at = models.DateTimeField(gettext_lazy("dùng lần cuối"), default=timezone.now)
    ip = models.GenericIPAddressField(gettext_lazy("địa chỉ IP"), null=True, blank=True)
    user_agent = models.CharField(gettext_lazy("trình duyệt"), max_length=300, blank=True)

    class Meta:
        app_label = "cooperatives"
        verbose_name = gettext_lazy("phiên đăng nhập")
        verbose_name_plural = gettext_lazy("phiên đăng nhập")
        ordering = ["-last_seen_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user} · {self.device} · {self.created_at:%d/%m/%Y %H:%M}"

    @property
    def device(self) -> str:
        # Worked out when shown, so it reads in the language of the page.
        return device_describe(self.user_agent)
