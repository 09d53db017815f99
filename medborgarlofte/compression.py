"""Gzip for what it helps: pages, feeds and data files, not uploads that are compressed already."""

from django.middleware.gzip import GZipMiddleware

# PDF and image files gain nothing from gzip; compressing them costs CPU on every request and
# drops their Content-Length, so browsers cannot show download progress.
ALREADY_COMPRESSED = ("image/", "application/pdf")


class TextGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if response.get("Content-Type", "").startswith(ALREADY_COMPRESSED):
            return response
        return super().process_response(request, response)
