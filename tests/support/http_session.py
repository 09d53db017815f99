"""A signed-in HTTP client over real sockets (urllib), for attacks on the live server."""

import http.cookies
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.test import Client


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 302 is an answer to look at, not to follow


class HttpSession:
    def __init__(self, base_url, user=None):
        assert base_url.startswith("http://")
        self.base_url = base_url
        self.cookies = {}
        self.opener = urllib.request.build_opener(_NoRedirects)
        if user is not None:
            # The session a sign-in would give (force_login skips only the password form).
            client = Client()
            client.force_login(user)
            name = settings.SESSION_COOKIE_NAME
            self.cookies[name] = client.cookies[name].value

    def _open(self, path, body=None):
        request = urllib.request.Request(  # noqa: S310 - http:// to the live server only
            self.base_url + path, data=body, method="POST" if body is not None else "GET"
        )
        request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        try:
            response = self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        with response:
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in http.cookies.SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, response.read().decode(errors="replace")

    def get(self, path):
        return self._open(path)

    def post(self, path, data):
        if settings.CSRF_COOKIE_NAME not in self.cookies:
            self.get("/admin/")  # any admin page sets the CSRF cookie
        fields = {**data, "csrfmiddlewaretoken": self.cookies[settings.CSRF_COOKIE_NAME]}
        return self._open(path, urllib.parse.urlencode(fields, doseq=True).encode())
