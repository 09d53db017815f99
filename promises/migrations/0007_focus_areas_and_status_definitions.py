"""The lägesbild's focus areas, neutral status definitions, and the promises' search text.

Focus areas: the seed's lägesbild names the areas that create insecurity in one Swedish list,
"psykisk ohälsa och kränkningar bland ungdomar, trygghetsfrågor, attityder kring alkohol och
narkotika, droghandel, buskörning och skadegörelse". Swedish joins a list's last item with
"och" and no comma, so the items are the six below, worded exactly as the seed has them;
an "och" inside an item ("… och kränkningar bland ungdomar", "alkohol och narkotika") stays
in it, because "bland ungdomar" and "attityder kring" belong to both of its words. No promise
is attached to an area here: which promise works on which area is the editors' judgement.

Status definitions: plain, neutral wording of what each status means; editors change it in
the admin. They state no facts about any promise.

Idempotent (get_or_create, updates only empty search text) and reversible.
"""

import unicodedata

from django.db import migrations

FOCUS_AREAS = [
    ("psykisk ohälsa och kränkningar bland ungdomar", "psykisk-ohalsa-och-krankningar"),
    ("trygghetsfrågor", "trygghetsfragor"),
    ("attityder kring alkohol och narkotika", "attityder-kring-alkohol-och-narkotika"),
    ("droghandel", "droghandel"),
    ("buskörning", "buskorning"),
    ("skadegörelse", "skadegorelse"),
]

DEFINITIONS = {
    "not_started": "Arbetet med löftet har ännu inte börjat.",
    "in_progress": "Arbetet med löftet har börjat men är inte avslutat.",
    "done": "Det som löftet beskriver har genomförts.",
    "partly_done": "En del av det som löftet beskriver har genomförts, men inte allt.",
    "not_done": "Det som löftet beskriver har inte genomförts under perioden.",
    "unclear": (
        "Arbete har gjorts, men det går inte att säga om löftet har uppfyllts, till exempel "
        "för att underlag saknas."
    ),
}


def normalise(text):
    # The same as promises.public.search.normalise, frozen here as migrations must be.
    return unicodedata.normalize("NFKC", text or "").casefold()


def forwards(apps, schema_editor):
    FocusArea = apps.get_model("promises", "FocusArea")
    StatusDefinition = apps.get_model("promises", "StatusDefinition")
    Promise = apps.get_model("promises", "Promise")
    for order, (name, slug) in enumerate(FOCUS_AREAS, start=1):
        FocusArea.objects.get_or_create(slug=slug, defaults={"name": name, "order": order})
    for status, definition in DEFINITIONS.items():
        StatusDefinition.objects.get_or_create(status=status, defaults={"definition": definition})
    for promise in Promise.objects.filter(search_text=""):
        promise.search_text = normalise(promise.text)
        promise.save(update_fields=["search_text"])


def backwards(apps, schema_editor):
    FocusArea = apps.get_model("promises", "FocusArea")
    StatusDefinition = apps.get_model("promises", "StatusDefinition")
    FocusArea.objects.filter(slug__in=[slug for _name, slug in FOCUS_AREAS]).delete()
    StatusDefinition.objects.filter(status__in=list(DEFINITIONS)).delete()


class Migration(migrations.Migration):
    dependencies = [("promises", "0006_follow_ups")]

    operations = [migrations.RunPython(forwards, backwards)]
