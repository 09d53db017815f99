"""The published medborgarlöfte 2023-2024, so that every new database holds the real content.

Texts are the municipality's own words from the published page, wrapped lines rejoined and
spelling kept exactly as written. Frozen here on purpose: later edits happen in the admin.
"""

import datetime

from django.db import migrations

PARTNERS = [
    {
        "slug": "lokalpolisomrade-sodra-fyrbodal",
        "name": "Lokalpolisområde Södra Fyrbodal",
        "kind": "police_area",
        "representative_name": "Susanne Arvidsson",
        "representative_title": "lokalpolisområdeschef",
        "order": 1,
    },
    {
        "slug": "stenungsunds-kommun",
        "name": "Stenungsunds kommun",
        "kind": "municipality",
        "representative_name": "Kicki Nordberg",
        "representative_title": "kommundirektör Stenungsunds kommun",
        "order": 2,
    },
    {
        "slug": "orust-kommun",
        "name": "Orust kommun",
        "kind": "municipality",
        "representative_name": "Ann-Britt Svedberg",
        "representative_title": "tf. kommundirektör Orust kommun",
        "order": 3,
    },
    {
        "slug": "tjorns-kommun",
        "name": "Tjörns kommun",
        "kind": "municipality",
        "representative_name": "Evike Sandor",
        "representative_title": "kommundirektör Tjörns kommun",
        "order": 4,
    },
]

MUNICIPALITIES = ["stenungsunds-kommun", "orust-kommun", "tjorns-kommun"]
POLICE = ["lokalpolisomrade-sodra-fyrbodal"]

PERIOD = {
    "slug": "2023-2024",
    "title": "Medborgarlöfte 2023-2024",
    "starts_on": datetime.date(2023, 1, 1),
    "ends_on": datetime.date(2024, 12, 31),
    "intro": (
        "Medborgarlöftet är ett åtagande från lokalpolisområde Södra Fyrbodal och de tre "
        "kommunerna Stenungsund, Orust och Tjörn. Löftet innebär aktiviteter inom de områden "
        "som medborgarna och verksamheterna upplever att det finns problem inom."
        "\n\n"
        "Det gäller att intensifiera arbetet mot droger, kränkningar och våld, insatser i "
        "trafikmiljön, arbeta utifrån aktuella lokala lägesbilder osv. Det innefattar bland "
        "annat föräldrastärkande insatser, att involvera föreningsliv, näringsliv och andra "
        "aktörer i att vara delaktiga i det gemensamma brottsförebyggande och "
        "trygghetsskapande arbetet. Medborgarlöftet är en långsiktig satsning och arbetet "
        "kommer att organiseras och samordnas i enlighet med lagstiftningen kommuner mot brott."
    ),
    "promises_heading": "Det här lovar vi",
    "situation_heading": "Medborgarlöftena utgår från de lokala lägesbilderna",
    "situation_text": (
        "Kommunerna och polisen har tagit fram lokala lägesbilder utifrån statistikunderlag där "
        "både verksamheter och medborgare har rapporterat in vad som skapar otrygghet och som "
        "ligger till grund för medborgarlöftet."
        "\n\n"
        "Under hösten 2022 så har det även genomförts medborgardialoger där medborgarna svarat "
        "på frågor gällande trygghet. Resultatet av medborgardialogerna visar att majoriteten "
        "av invånarna känner sig trygga."
        "\n\n"
        "Lägesbilden visar att det finns en röd tråd med områden som skapar otrygghet vilka "
        "är: psykisk ohälsa och kränkningar bland ungdomar, trygghetsfrågor, attityder kring "
        "alkohol och narkotika, droghandel, buskörning och skadegörelse."
    ),
    "goal_heading": "Målet",
    "goal_text": (
        "Det gemensamma långsiktiga målet är att öka tryggheten och förhindra och minska "
        "brottsligheten för våra invånare. För att nå målet krävs att vi arbetar både "
        "kortsiktigt och långsiktigt samt satsar på tidiga insatser i bred samverkan och att "
        "involvera flera aktörer i arbetet."
    ),
    # The published page's caption. We have no photo file, so it stays unshown until an
    # editor adds the photo it belongs to.
    "photo_caption": (
        "På bilden från vänster: Kicki Nordberg, kommundirektör Stenungsunds kommun, Evike "
        "Sandor, kommundirektör Tjörns kommun, Ann-Britt Svedberg, tf. kommundirektör Orust "
        "kommun och Susanne Arvidsson, lokalpolisområdeschef"
    ),
}

PROMISES = [
    (
        POLICE,
        "Tillsammans med skola, socialtjänst, föreningsliv, näringsliv och andra aktörer "
        "arbeta och samverka utifrån det brottsförebyggande perspektivet.",
    ),
    (
        POLICE,
        "Tillsammans med motorburen ungdom och deras vårdnadshavare genomföra insatser i "
        "syfte att höja trafiksäkerheten.",
    ),
    (
        POLICE,
        "Intensifiera arbetet mot droger, kränkningar och våld i miljöer där barn och "
        "ungdomar vistas.",
    ),
    (POLICE, "Fokusera och prioritera särskilt utsatta brottsoffer."),
    (
        POLICE,
        "I största möjligaste mån arbeta utifrån den aktuella lägesbilden i våra tre kommuner.",
    ),
    (
        MUNICIPALITIES,
        "Genomföra insatser för att motverka kränkningar och motverka psykisk ohälsa.",
    ),
    (
        MUNICIPALITIES,
        "Genomföra insatser för att öka trafiksäkerheten och minska buskörningen, speciella "
        "insatser riktade mot A-traktorer och EPA-traktorer.",
    ),
    (MUNICIPALITIES, "Genomföra tidiga föräldrastärkande insatser."),
    (
        MUNICIPALITIES,
        "Arbeta med tidiga insatser och i bred samverkan för att motverka kriminalitet, våld "
        "i nära relation och droganvändning.",
    ),
    (
        MUNICIPALITIES,
        "Involvera föreningslivet, näringslivet och andra aktörer att vara delaktiga i det "
        "gemensamma trygghetsarbetet.",
    ),
    (MUNICIPALITIES, "Arbeta med trygghets och säkerhetsfrågor i skolmiljö."),
]


def add_seed_content(apps, schema_editor):
    Partner = apps.get_model("promises", "Partner")
    PromisePeriod = apps.get_model("promises", "PromisePeriod")
    Promise = apps.get_model("promises", "Promise")

    partners = {}
    for fields in PARTNERS:
        values = {key: value for key, value in fields.items() if key != "slug"}
        partners[fields["slug"]], _ = Partner.objects.get_or_create(
            slug=fields["slug"], defaults=values
        )

    values = {key: value for key, value in PERIOD.items() if key != "slug"}
    period, created = PromisePeriod.objects.get_or_create(
        slug=PERIOD["slug"],
        # No publication date: the page does not say when it was published (0012).
        defaults={**values, "is_published": True},
    )
    if not created:
        return
    period.partners.set(partners.values())
    for order, (giver_slugs, text) in enumerate(PROMISES, start=1):
        promise = Promise.objects.create(period=period, text=text, order=order * 10)
        promise.givers.set([partners[slug] for slug in giver_slugs])


def remove_seed_content(apps, schema_editor):
    Partner = apps.get_model("promises", "Partner")
    PromisePeriod = apps.get_model("promises", "PromisePeriod")
    PromisePeriod.objects.filter(slug=PERIOD["slug"]).delete()
    Partner.objects.filter(
        slug__in=[fields["slug"] for fields in PARTNERS], promises_given__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("promises", "0001_initial")]

    operations = [migrations.RunPython(add_seed_content, remove_seed_content)]
