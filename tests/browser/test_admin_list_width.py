"""At 1280 px the follow-up and action lists fit their box: the table is no wider than the
space beside the filters (it was 1,209 px in a 631 px box while the promise column held the
whole promise sentence), and the first column is the promise's number and first words."""

import datetime

import pytest

from promises.models import Action, FollowUp, Partner, Promise

from . import support

pytestmark = support.pytestmark

DESKTOP = {"width": 1280, "height": 900}
MEASURE = """() => {
  const table = document.querySelector('#result_list');
  const box = table.closest('.results') || table.parentElement;
  const first = table.querySelector('tbody tr th, tbody tr td:not(.action-checkbox)');
  return {table: table.scrollWidth, box: box.clientWidth, page: document.documentElement.scrollWidth,
          viewport: window.innerWidth, first: first ? first.innerText : ''};
}"""


def long_promise():
    tjorn = Partner.objects.get(slug="tjorns-kommun")
    return max(Promise.objects.filter(givers=tjorn), key=lambda promise: len(promise.text))


@pytest.mark.parametrize("path", ["/admin/promises/followup/", "/admin/promises/action/"])
def test_the_list_fits_its_box_at_1280_px(chromium, live_server, editor_login, path):
    promise = long_promise()
    tjorn = Partner.objects.get(slug="tjorns-kommun")
    FollowUp.objects.create(
        promise=promise,
        reported_by=tjorn,
        status="partly_done",
        reported_on=datetime.date(2024, 11, 20),
        text="Testuppföljning.",
    )
    Action.objects.create(promise=promise, responsible=tjorn, title="Teståtgärd i Skärhamn.")
    context = chromium.new_context(base_url=live_server.url, viewport=DESKTOP)
    editor_login(context)
    page = context.new_page()
    page.goto(path)
    measured = page.evaluate(MEASURE)
    context.close()
    print(path, measured)
    assert measured["table"] <= measured["box"], measured
    assert measured["page"] <= measured["viewport"], measured
    if path.endswith("/followup/"):
        assert measured["first"].split(".")[0].strip().isdigit(), measured
