"""The portal's URLs and, for bench/province.py only, a page that does nothing
but check the session: the floor every page's time is compared with."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/bare/", login_required(bare)),
    path("", include("htxplan.urls")),
]
