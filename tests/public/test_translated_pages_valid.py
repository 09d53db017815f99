"""English and Arabic pages mixing published translations with Swedish texts are valid HTML
(the Nu Html Checker, as the browser tests run it): the marks `{% swedish %}` adds or leaves out
(on headings, images, links, list items) never break the markup."""

import pytest

from promises.models import (
    Action,
    GlossaryTerm,
    Partner,
    Promise,
    PromisePeriod,
)

from ..browser.support import vnu_errors
from ..support.follow_ups import report

pytestmark = pytest.mark.django_db


def publish(row, language, **texts):
    for field, text in texts.items():
        setattr(row, f"{field}_{language}", text)
    setattr(row, f"translation_published_{language}", True)
    row.save()


def test_pages_with_translations_and_swedish_texts_are_valid_html(client, tmp_path):
    period = PromisePeriod.objects.get(slug="2023-2024")
    promises = list(Promise.objects.filter(period=period).order_by("pk"))
    report(promises[0], "in_progress", "2024-03-01")
    for language, word in (("en", "Test translation"), ("ar", "ترجمة تجريبية")):
        publish(period, language, title=f"{word} 1", situation_heading=f"{word} 2")
        publish(promises[0], language, text=f"{word} 3")
        publish(GlossaryTerm.objects.order_by("pk").first(), language, term=f"{word} 4")
        partner = Partner.objects.order_by("pk").first()
        publish(partner, language, participation_text=f"{word} 5")
    Action.objects.filter(promise=promises[0]).update(is_published=True)
    addresses = [
        period.get_absolute_url(),
        promises[0].get_absolute_url(),
        "/ordlista/",
        "/tillganglighet/",
        "/kontakt-och-delta/",
        "/loften/",
    ]
    files = {}
    for prefix in ("/en", "/ar"):
        for number, address in enumerate(addresses):
            response = client.get(prefix + address)
            assert response.status_code == 200, prefix + address
            path = tmp_path / f"{prefix.strip('/')}-{number}.html"
            path.write_bytes(response.content)
            files[str(path)] = prefix + address
    # Both kinds of text are on the pages checked: a translation and a marked Swedish text.
    html = (tmp_path / "ar-0.html").read_text(encoding="utf-8")
    assert "ترجمة تجريبية 1" in html and 'lang="sv" dir="ltr"' in html
    failures, status = vnu_errors(files)
    assert not failures, failures
    assert status == 0
