from django.utils.translation import gettext


def test_swedish_comes_out_of_the_compiled_catalogue():
    # Our own msgid, not one of Django's: only locale/sv/LC_MESSAGES/django.mo can translate it.
    assert gettext("Skip to main content") == "Hoppa till huvudinnehållet"
    assert gettext("During the same period %(subject)s promise to:") == (
        "Under samma tidsperiod lovar %(subject)s att:"
    )
