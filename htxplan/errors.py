"""The page of a database that cannot answer, or of a storage that is full
or refuses a file (503, "thử lại"), whether the error came out of a view
(htxplan/middleware.py) or from outside it (server_error, the 500 handler)."""

import logging
import sys

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import defaults

from htxplan.database import CONNECTION_ERRORS
from htxplan.storage import is_storage_fault

RETRY_AFTER_SECONDS = 5
logger = logging.getLogger("django.request")


def database_busy_response(request, exception: BaseException, *, storage: bool = False) -> HttpResponse:
    """Standalone: base.html reads the database (the user, the inbox count),
    which is what just failed. `storage`: the page of a full or refused file
    storage (htxplan/storage.py) instead."""
    back = request.headers.get("Referer", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    ctx = {
        "back": back,
        "retry_here": request.method == "GET",
        "storage": storage,
        "detail": str(exception) if settings.DEBUG else "",
    }
    response = HttpResponse(render_to_string("503.html", ctx), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS * 12 if storage else RETRY_AFTER_SECONDS)
    return response


def server_error(request) -> HttpResponse:
    """handler500. The connection can fail outside any view: the session is
    loaded by the first look at request.user and saved after the view, and
    middleware reads the user after the response. Django hands those errors
    here, still being handled (sys.exc_info), with the traceback already
    logged by django.request; a lost connection gets the 503 page too, and
    anything else the plain 500 page."""
    exception = sys.exc_info()[1]
    if isinstance(exception, CONNECTION_ERRORS):
        return database_busy_response(request, exception)
    if exception is not None and is_storage_fault(exception):
        return database_busy_response(request, exception, storage=True)
    return defaults.server_error(request)


class PlainErrorPagesMiddleware:
    """With DEBUG on (the embedded run that `make run` starts), Django answers
    a missing or refused page with its technical pages, in English, listing
    the site's URL patterns or the code that failed. The portal's own pages
    answer instead, as in production, for the people trying the demo (another
    commune's plan is "Không tìm thấy trang"); the error is logged either way.
    DEBUG_TECHNICAL_PAGES=true brings Django's pages back for a developer."""

    def __init__(self, get_response):
        self.get_response = get_response

    @staticmethod
    def active() -> bool:
        return settings.DEBUG and not settings.DEBUG_TECHNICAL_PAGES

    def __call__(self, request):
        if self.active() and _unknown_path(request):
            return defaults.page_not_found(request, Resolver404())
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not self.active():
            return None
        if isinstance(exception, Http404):
            return defaults.page_not_found(request, exception)
        if isinstance(exception, PermissionDenied):
            return defaults.permission_denied(request, exception)
        logger.error("Internal Server Error: %s", request.path, exc_info=exception)
        return server_error(request)


def _unknown_path(request) -> bool:
    """No view answers the path, nor the path with a slash added (CommonMiddleware redirects to that one)."""
    urlconf = getattr(request, "urlconf", None)
    candidates = [request.path_info]
    if settings.APPEND_SLASH and not request.path_info.endswith("/"):
        candidates.append(request.path_info + "/")
    for path in candidates:
        try:
            resolve(path, urlconf)
        except Resolver404:
            continue
        return False
    return True
