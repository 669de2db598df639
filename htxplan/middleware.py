from django.utils.deprecation import MiddlewareMixin


class VietnameseFirstMiddleware(MiddlewareMixin):
    """Vietnamese is the language of the portal whatever the browser asks for.

    Django's LocaleMiddleware would follow the Accept-Language header, so a
    commune official on a browser set to English would get a mixed interface.
    Only the explicit switch in the footer (the language cookie) changes the
    language; this runs before LocaleMiddleware and hides the header from it.
    """

    def process_request(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
