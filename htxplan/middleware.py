import logging

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.utils.deprecation import MiddlewareMixin
from django.utils.translation import gettext as _

from htxplan.database import CONNECTION_ERRORS
from htxplan.errors import database_busy_response
from htxplan.storage import is_storage_fault

logger = logging.getLogger(__name__)


class VietnameseFirstMiddleware(MiddlewareMixin):
    """Vietnamese is the language of the portal whatever the browser asks for.

    Django's LocaleMiddleware would follow the Accept-Language header, so a
    commune official on a browser set to English would get a mixed interface.
    Only the explicit switch in the footer (the language cookie) changes the
    language; this runs before LocaleMiddleware and hides the header from it.
    """

    def process_request(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)


class PermissionsPolicyMiddleware(MiddlewareMixin):
    """Permissions-Policy: the portal uses none of the browser's powerful
    features (a photo of evidence is taken through the file picker, which
    needs no camera permission), so every page refuses them all, for itself
    and for anything embedded."""

    def process_response(self, request, response):
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class DatabaseBusyMiddleware(MiddlewareMixin):
    """A database that cannot answer right now (SQLite still locked by
    another writer after its busy timeout, PostgreSQL restarting, out of
    connections or past the statement timeout, a connection it dropped) is a
    reason to try again, not a stack trace: the request gets 503 with a page
    that says so (htxplan/errors.py), and the traceback goes to the log.

    This sees what a view (or its template) raises; what fails outside the
    view (loading or saving the session, a middleware) reaches the 500
    handler, which answers the same way. A write that failed this way was
    rolled back with its transaction, so nothing is half saved.
    """

    def process_exception(self, request, exception):
        if isinstance(exception, CONNECTION_ERRORS):
            logger.error("Database unavailable on %s %s", request.method, request.path, exc_info=exception)
            return database_busy_response(request, exception)
        # A full disk, a read-only or refused media folder, an object store
        # that does not answer: what a view could not store is not stored
        # (htxplan/storage.py writes whole files or none).
        if is_storage_fault(exception):
            logger.error("Storage unavailable on %s %s", request.method, request.path, exc_info=exception)
            return database_busy_response(request, exception, storage=True)
        return None


class ExpiredSessionMiddleware:
    """A request sent after the session ended (signed out in another tab,
    session expired) must not lose what was typed without a word.

    login_required answers it with a redirect to the login page. An htmx
    request would follow it and swap the whole login page into the edit
    page in place of the form that held the text; it gets a 401 instead,
    which the page's script reports while leaving the form as it is. A plain
    form sent by POST keeps its redirect, and the login page says why
    nothing was saved (the plan edit page then brings back what was typed
    from the browser's own copy).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        # Signed in when the request came: a sign-out in this request (the
        # logout button, ending one's own session) is no lost form.
        signed_in_before = user is not None and user.is_authenticated
        response = self.get_response(request)
        if response.status_code != 302 or user is None or signed_in_before or request.user.is_authenticated:
            return response
        if not response.get("Location", "").startswith(resolve_url(settings.LOGIN_URL)):
            return response
        text = _(
            "Phiên đăng nhập đã hết hạn (hoặc bạn đã đăng xuất ở một thẻ khác), nên nội dung vừa gửi chưa được lưu. "
            "Hãy đăng nhập lại rồi gửi lại."
        )
        if request.headers.get("HX-Request") == "true":
            return HttpResponse(text, status=401, content_type="text/plain; charset=utf-8")
        if request.method == "POST":
            messages.warning(request, text)
        return response
