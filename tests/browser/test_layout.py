"""Narrow screens and zoom: every page reflows at 320 px and at 400 % zoom without sideways
scrolling or clipped text, with a screenshot of each at 320 px; read from the page tour, which
narrows each page's tab (tests/browser/page_tour.py). (Styles, contrast, landmarks, motion,
print and forced colours: test_every_page.py.)"""

import pytest

from . import page_tour, support

pytestmark = [*support.pytestmark, page_tour.TOUR_GROUP]


@pytest.mark.parametrize("viewport", list(page_tour.REFLOW))
def test_pages_reflow_without_sideways_scrolling_or_clipped_text(tour, viewport):
    # The other languages' pages reflow like the Swedish ones (the same templates); Arabic,
    # laid out right to left, is checked at 320 px, English only through its pages at 1280 px.
    _, checked = page_tour.REFLOW[viewport]
    visits = [visit for visit in tour if checked(visit.name)]
    failures = {visit.name: visit.reflow[viewport] for visit in visits if visit.reflow[viewport]}
    assert len(visits) > 30
    assert not failures, support.report(failures)
    if viewport == "320px":
        # For people reviewing the design (test-artifacts/screenshots/, not committed).
        assert all(visit.narrow_screenshot.stat().st_size > 2_000 for visit in visits)
