"""The embeddable view in real Chromium: framed by a listed origin it shows, framed by any other
origin it is blocked, and it and the open-data page pass axe-core and the Nu Html Checker at
280 px and 1280 px without sideways scrolling or cookies.

The partners' sites are stood in for by two small HTTP servers on loopback ports of their own
(two origins: the "listed" one is put in EMBED_ALLOWED_ORIGINS, the "unlisted" one is not; each
on a port the system hands out, so parallel runs never collide); the embed comes from the live
server on http://localhost:<port>.
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from . import support
from .page_tour import OVERFLOW

pytestmark = support.pytestmark

LISTED = "listed"
UNLISTED = "unlisted"
EMBED = "/inbaddning/2023-2024/"
PAGES = [
    ("embed", EMBED),
    ("embed-one-giver", "/inbaddning/2023-2024/tjorns-kommun/"),
    ("open-data", "/oppna-data/"),
]
WIDTHS = [280, 1280]


def partner_site(port, frame_url):
    """A stand-in for a partner's page: one iframe with the given address."""
    page = (
        '<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Partner</title></head>'
        f'<body><h1>Partnerns sida</h1><iframe src="{frame_url}" title="Medborgarlöftet" '
        'width="100%" height="600"></iframe></body></html>'
    ).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def partner_sites(live_server, settings):
    settings.EMBED_ALLOWED_ORIGINS = []
    servers = []

    def open_site(kind, path=EMBED):
        server = partner_site(0, f"{live_server.url}{path}")
        servers.append(server)
        origin = f"http://127.0.0.1:{server.server_address[1]}"
        if kind == LISTED:
            settings.EMBED_ALLOWED_ORIGINS = [origin]
        return f"{origin}/"

    yield open_site
    for server in servers:
        server.shutdown()
        server.server_close()


def framed(context, site_url):
    """Open the partner's page; return the frame's text and the console's messages."""
    page = context.new_page()
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(site_url)
    page.wait_for_load_state("load")
    frame = page.frames[1]
    try:
        text = frame.evaluate("() => document.body ? document.body.innerText : ''")
    except Exception:  # a blocked frame holds Chromium's error page, which may not answer
        text = ""
    return page, frame, text, console


def test_a_listed_origin_shows_the_embed(visitor, partner_sites):
    page, frame, text, _ = framed(visitor, partner_sites(LISTED))
    assert "Medborgarlöfte 2023-2024" in text
    assert "Status: Ingen uppföljning" in text
    assert frame.url.endswith(EMBED)
    page.close()


def test_an_unlisted_origin_is_blocked(visitor, partner_sites):
    page, _, text, console = framed(visitor, partner_sites(UNLISTED))
    assert "Medborgarlöfte 2023-2024" not in text
    assert any("frame-ancestors" in message for message in console), console
    page.close()


def test_the_listed_origin_cannot_frame_any_other_page(visitor, partner_sites):
    page, _, text, console = framed(visitor, partner_sites(LISTED, "/oppna-data/"))
    assert "Öppna data" not in text
    assert any("frame-ancestors" in message for message in console), console
    page.close()


def test_the_framed_embed_sets_no_cookie(visitor, partner_sites):
    page, _, text, _ = framed(visitor, partner_sites(LISTED))
    assert "Medborgarlöfte 2023-2024" in text
    assert visitor.cookies() == []
    page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_axe_finds_nothing_and_nothing_scrolls_sideways(auditor, width):
    axe = support.axe_script()
    failures = {}
    for name, path in PAGES:
        page = auditor.new_page()
        page.set_viewport_size({"width": width, "height": 800})
        response = page.goto(path)
        assert response.status == 200, name
        page.add_script_tag(content=axe)
        violations = page.evaluate(support.AXE_RUN, support.AXE_TAGS)
        overflow = page.evaluate(OVERFLOW)
        if violations or overflow:
            failures[f"{name} at {width} px"] = {"axe": violations, "reflow": overflow}
        page.close()
    assert not failures, support.report(failures)


def test_the_embed_pages_are_valid_html(visitor, tmp_path):
    files = {}
    for name, path in PAGES:
        response = visitor.request.get(path)
        assert response.status == 200, name
        target = tmp_path / f"{name}.html"
        target.write_bytes(response.body())
        files[str(target)] = name
    failures, status = support.vnu_errors(files)
    assert failures == {}
    assert status == 0


def test_the_embed_has_a_sensible_height_at_280_px(visitor):
    """At the narrowest width the eleven promises fit in a few screens of the 600 px frame the
    snippet suggests."""
    page = visitor.new_page()
    page.set_viewport_size({"width": 280, "height": 600})
    page.goto(EMBED)
    height = page.evaluate("() => document.documentElement.scrollHeight")
    assert height < 600 * 8, height
    assert page.get_by_role("heading", level=1).inner_text().startswith("Medborgarlöfte")
    page.close()
