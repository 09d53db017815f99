"""Security headers on every kind of response, and no cookies for visitors."""

import gzip
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from ..support.public_pages import PUBLIC_PAGES, promise_page

pytestmark = pytest.mark.django_db


def page_types():
    return [
        *PUBLIC_PAGES,
        promise_page(),
        "/tillganglighet/rapportera/",
        "/halsa/",
        "/finns-inte/",
        "/admin/login/",
    ]


def test_every_page_type_sends_the_security_headers(client):
    for url in page_types():
        response = client.get(url, secure=True)
        csp = response["Content-Security-Policy"]
        assert "default-src 'self'" in csp, url
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, url
        assert "frame-ancestors 'none'" in csp, url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "same-origin", url
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", url
        assert response["X-Frame-Options"] == "DENY", url
        assert "camera=()" in response["Permissions-Policy"], url
        assert "geolocation=()" in response["Permissions-Policy"], url


def test_hsts_in_production(client, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_plain_http_is_redirected_to_https_in_production(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/medborgarloften/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/medborgarloften/"


def test_visitors_get_no_cookies_anywhere(client):
    for url in page_types():
        if url.startswith("/admin/"):
            continue
        response = client.get(url)
        assert not response.cookies, url
        assert "Set-Cookie" not in response, url


def test_the_start_page_stays_small(client):
    html = client.get("/").content
    assert re.search(
        r'<link rel="stylesheet" href="/static/css/site\.[0-9a-f]+\.css">', html.decode()
    )
    css = Path(finders.find("css/site.css")).read_bytes()
    css_gzipped = gzip.compress(css, compresslevel=9)
    print(
        f"start page: {len(html)} bytes of HTML, {len(css)} bytes of CSS "
        f"({len(css_gzipped)} gzipped)"
    )
    assert len(html) < 30_000
    # One stylesheet for every page (status tags, charts, the action plan, the admin-free
    # public pages, the tables stacked on narrow screens): what a phone downloads is the
    # gzipped file, whitenoise serves it so. Right-to-left pages (logical properties) and the
    # lättläst pages took it from 4.9 to 5.1 kB.
    assert len(css) < 18_000
    assert len(css_gzipped) < 5_500
