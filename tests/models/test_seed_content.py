"""The start page reproduces the municipality's published page, read from the seed file itself."""

import re
import subprocess

import pytest

from promises.models import Partner, PromisePeriod

from ..conftest import REPO_ROOT, SEED_FILE
from ..support.html import visible_text
from ..support.seed import CAPTION_START, seed_blocks

# Where the seed was handed over, beside the repository on the machine it was written on.
HANDED_OVER_SEED = REPO_ROOT.parent / "shared" / "seed" / "000_dc3095ea53a5edc6.txt"


def test_the_repositorys_seed_is_the_page_that_was_handed_over():
    if not HANDED_OVER_SEED.is_file():
        pytest.skip(f"No handed-over copy to compare with at {HANDED_OVER_SEED} (a fresh clone).")
    assert SEED_FILE.read_bytes() == HANDED_OVER_SEED.read_bytes()


def test_nothing_in_the_repository_reads_outside_it():
    """A fresh clone, with nothing beside it, must pass: no file may point at ../shared."""
    found = subprocess.run(
        ["git", "grep", "-l", "-e", "shared/seed", "-e", r"\.\./shared", "--", ".", ":!*.md"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert found.returncode in (0, 1), found.stderr  # 1: no match; anything else: no git
    # This test names the handed-over copy to compare with it, and only when it exists.
    assert found.stdout.split() in ([], ["tests/models/test_seed_content.py"])


def test_seed_file_is_read_into_the_expected_blocks(seed_text, content_blocks):
    assert content_blocks[0] == "Medborgarlöfte 2023-2024"
    assert (
        "I största möjligaste mån arbeta utifrån den aktuella lägesbilden i våra tre kommuner."
        in content_blocks
    )
    # Title, 2 intro paragraphs, heading, 2 lead sentences, 11 promises, 2 headings,
    # 3 lägesbild paragraphs and 1 goal paragraph.
    assert len(content_blocks) == 23


@pytest.mark.django_db
def test_every_seed_block_appears_once_in_order_on_the_start_page(client, content_blocks):
    text = visible_text(client.get("/").content.decode())
    position = -1
    for block in content_blocks:
        assert text.count(block) == 1, f"Expected exactly once on the start page: {block!r}"
        found = text.index(block)
        assert found > position, f"Out of the seed's order: {block!r}"
        position = found


@pytest.mark.django_db
def test_sentences_split_across_lines_are_not_broken(client, content_blocks):
    text = visible_text(client.get("/").content.decode())
    sentences = [s for block in content_blocks for s in re.split(r"(?<=[.:])\s+", block)]
    for sentence in sentences:
        assert sentence in text


@pytest.mark.django_db
def test_the_photo_caption_is_stored_verbatim_but_not_shown_without_a_photo(client, seed_text):
    caption = next(b for b in seed_blocks(seed_text) if b.startswith(CAPTION_START))
    period = PromisePeriod.objects.get(slug="2023-2024")
    assert period.photo_caption == caption
    assert not period.photo
    page = client.get("/").content.decode()
    assert CAPTION_START not in page
    assert "<img" not in page


@pytest.mark.django_db
def test_representatives_are_named_as_in_the_caption(client, seed_text):
    caption = next(b for b in seed_blocks(seed_text) if b.startswith(CAPTION_START))
    text = visible_text(client.get("/").content.decode())
    for partner in Partner.objects.all():
        assert partner.representative_name in caption
        assert partner.representative_title in caption
        assert partner.representative in text


@pytest.mark.django_db
def test_promises_know_their_givers_and_order():
    period = PromisePeriod.objects.get(slug="2023-2024")
    groups = period.promise_groups()
    assert [group.kind for group in groups] == ["police", "municipalities"]
    police, municipalities = groups
    assert len(police.promises) == 5
    assert len(municipalities.promises) == 6
    for promise in police.promises:
        assert [g.name for g in promise.givers.all()] == ["Lokalpolisområde Södra Fyrbodal"]
    for promise in municipalities.promises:
        assert {g.name for g in promise.givers.all()} == {
            "Stenungsunds kommun",
            "Orust kommun",
            "Tjörns kommun",
        }
    orders = [p.order for p in period.promises.all()]
    assert orders == sorted(orders)
