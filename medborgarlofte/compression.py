"""Gzip for what it helps: pages, feeds and data files, not uploads that are compressed already."""

from django.middleware.gzip import GZipMiddleware, re_accepts_gzip

# PDF and image files gain nothing from gzip; compressing them costs CPU on every request and
# drops their Content-Length, so browsers cannot show download progress.
ALREADY_COMPRESSED = ("image/", "application/pdf")


def accepts_gzip(request) -> bool:
    """Whether GZipMiddleware will compress the answer to this request.

    The very test Django's middleware makes (its own pattern, `\\bgzip\\b`), so the page cache,
    which keys on this, can never disagree with what is sent: "xgzip" is not gzip.
    """
    return takes_gzip(request.META.get("HTTP_ACCEPT_ENCODING", ""))


def takes_gzip(accept_encoding: str) -> bool:
    """The same test on the header's value (the replay reads it from the WSGI environ)."""
    return re_accepts_gzip.search(accept_encoding) is not None


class TextGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if response.get("Content-Type", "").startswith(ALREADY_COMPRESSED):
            return response
        return super().process_response(request, response)
