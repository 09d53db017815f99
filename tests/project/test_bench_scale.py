"""bench/scale keeps working as the site changes: it starts, and the made-up areas it builds
give every address it measures a page (the figures themselves are never asserted)."""

import importlib.machinery
import importlib.util
import subprocess
import sys

from ..conftest import REPO_ROOT


def load_script():
    path = str(REPO_ROOT / "bench" / "scale")
    loader = importlib.machinery.SourceFileLoader("bench_scale", path)
    spec = importlib.util.spec_from_loader("bench_scale", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def test_both_benchmarks_answer_help():
    for name, option in (("scale", "--areas"), ("load", "--load-seconds")):
        result = subprocess.run(
            [sys.executable, str(REPO_ROOT / "bench" / name), "--help"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert option in result.stdout


def test_the_made_up_areas_give_every_measured_address_a_page(db, client, admin_client, settings):
    from promises.models import Action, Promise

    settings.OPEN_DATA_PUBLISHER = "lokalpolisomrade-sodra-fyrbodal"
    settings.OPEN_DATA_CONTACT_EMAIL = "oppnadata@example.se"
    scale = load_script()
    counts = scale.build_areas(2)
    assert counts["areas_total"] == 3
    made_up = Promise.objects.filter(period__area__slug__startswith="pahittat-omrade-")
    assert made_up.count() == 2 * scale.PROMISES_PER_PERIOD
    assert Action.objects.filter(promise__in=made_up).count() == 2 * scale.PROMISES_PER_PERIOD
    answers = {
        path: (admin_client if is_admin else client).get(path).status_code
        for _name, path, is_admin in scale.page_addresses()
    }
    assert set(answers.values()) == {200}, answers
    assert "/omraden/pahittat-omrade-002/" in answers
    # The bounded pages' own addresses: one area's lists, a section sitemap, the finder.
    for address in (
        "/loften/?polisomrade=pahittat-omrade-002",
        "/parter/?polisomrade=pahittat-omrade-002",
        "/kontakt-och-delta/?polisomrade=pahittat-omrade-002",
        "/oppna-data/?polisomrade=pahittat-omrade-002",
        "/sitemap-loften.xml",
        "/omraden/?q=P%C3%A5hittade+kommun+002-3",
    ):
        assert address in answers, address
    # The search the script measures finds the made-up promises about traffic.
    assert "Påhittade kommun 002" in client.get("/sok/?q=trafik").content.decode()
