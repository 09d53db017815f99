"""Page titles and descriptions are shortened between words, never inside one."""

import pytest

from promises.models import Promise
from promises.publishing.seo import short

LONG = (
    "Verka för att fler aktörer, till exempel föreningsliv, näringsliv och andra "
    "organisationer, tar ansvar för tryggheten i kommunen"
)


def test_a_short_text_is_kept_whole_on_one_line():
    assert short("  Trygg   i\nTjörn  ", 70) == "Trygg i Tjörn"


@pytest.mark.parametrize("length", range(20, len(LONG)))
def test_a_long_text_is_cut_between_words_with_an_ellipsis(length):
    cut = short(LONG, length)
    assert len(cut) <= length
    assert cut.endswith("…")
    kept = cut.removesuffix("…").rstrip(",")
    # Every word kept is a whole word of the text, in order.
    assert LONG.startswith(kept)
    assert LONG[len(kept)] in " ,"
    assert not kept.endswith((" ", ","))


def test_the_reported_title_no_longer_ends_mid_word():
    assert (
        short(LONG, 70) == "Verka för att fler aktörer, till exempel föreningsliv, näringsliv och…"
    )


def test_a_single_word_longer_than_the_limit_is_cut_inside():
    assert short("Trafiksäkerhetsarbete", 10) == "Trafiksäk…"


@pytest.mark.django_db
def test_every_seeded_promise_page_title_ends_on_a_whole_word(client):
    shortened = 0
    for promise in Promise.objects.select_related("period"):
        html = client.get(promise.get_absolute_url()).content.decode()
        title = html.split("<title>", 1)[1].split("</title>", 1)[0]
        text = " ".join(promise.text.split())
        shown = title.split(": ", 1)[1].rsplit(" – ", 1)[0]
        if shown.endswith("…"):
            shown = shown.removesuffix("…")
            assert text.startswith(shown), title
            assert text[len(shown)] in " ,", f"cut mid-word: {title}"
            shortened += 1
        else:
            assert text.startswith(shown), title
    assert shortened  # the seed has long promises, so the cut is really exercised
