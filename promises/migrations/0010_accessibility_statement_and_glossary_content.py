"""The first accessibility statement and glossary, for editors to keep up to date.

Only facts the project knows are written here. Contact details (e-mail, telephone), how soon
the organisations answer and the day of a formal assessment are left empty: the responsible
organisations fill them in through the admin, and the page shows them once they are there.
"""

from django.db import migrations

STATEMENT = {
    "service_name": "Medborgarlöfte Södra Fyrbodal",
    "organisations": (
        "Lokalpolisområde Södra Fyrbodal (Polismyndigheten), Stenungsunds kommun, Orust kommun "
        "och Tjörns kommun står bakom webbplatsen Medborgarlöfte Södra Fyrbodal. Vi vill att "
        "så många som möjligt ska kunna använda webbplatsen, oavsett hur man läser, hör, ser "
        "eller använder en dator eller telefon."
        "\n\n"
        "Här beskriver vi hur webbplatsen uppfyller lagen om tillgänglighet till digital "
        "offentlig service, vilka brister vi känner till och hur du kan meddela oss om något "
        "inte fungerar, så att vi kan rätta det."
    ),
    "compliance": "partly",
    "gaps": (
        "Webbplatsen har hittills bara granskats med automatiska tester och med tangentbord. "
        "Ingen har ännu gått igenom alla krav i WCAG 2.1 nivå AA för hand, och webbplatsen har "
        "inte testats av personer som använder skärmläsare eller andra hjälpmedel. Därför kan "
        "det finnas brister som vi inte känner till. Hör gärna av dig om du stöter på något."
        "\n\n"
        "Filerna under Öppna data (JSON, CSV och flödet) är gjorda för att läsas av datorer. "
        "Samma innehåll finns som vanliga webbsidor på webbplatsen."
    ),
    "assessment": (
        "Vi har själva granskat webbplatsen. Varje ändring av webbplatsens kod testas "
        "automatiskt i en riktig webbläsare (Chromium) innan den publiceras: med verktyget "
        "axe-core mot kraven i WCAG 2.1 nivå A och AA, med W3C:s kontroll av HTML-koden "
        "(Nu Html Checker), med enbart tangentbord, i 320 pixlars bredd och med 400 procents "
        "förstoring, med tvingade färger (högkontrastläge), med minskad rörelse och i "
        "utskrift. Testerna omfattar alla typer av sidor och redigeringsverktyget."
    ),
}

GLOSSARY = [
    (
        "A-traktor",
        "a-traktor",
        "En personbil eller lastbil som har byggts om så att den inte kan köra fortare än "
        "30 kilometer i timmen. Den räknas som en traktor. Man får köra den från 15 års ålder "
        "om man har körkort för moped klass I (AM) eller traktorkort.",
    ),
    (
        "Buskörning",
        "buskorning",
        "När någon kör bil, moped, motorcykel, A-traktor eller liknande på ett sätt som stör "
        "eller skrämmer andra eller är farligt, till exempel genom att köra för fort, göra "
        "tvära svängar eller köra fram och tillbaka på samma gata om och om igen.",
    ),
    (
        "EPA-traktor",
        "epa-traktor",
        "En bil som har byggts om till traktor genom att växellådan har ändrats, så att den "
        "inte kan köra särskilt fort. EPA-traktorn är föregångaren till A-traktorn. I dag "
        "används orden ofta om samma slags fordon.",
    ),
    (
        "Lokalpolisområde",
        "lokalpolisomrade",
        "Polisen är indelad i regioner, polisområden och lokalpolisområden. Ett "
        "lokalpolisområde är den minsta delen och omfattar en eller flera kommuner. Där "
        "arbetar poliser som känner till området och samarbetar med kommunerna. "
        "Lokalpolisområde Södra Fyrbodal omfattar Stenungsund, Orust och Tjörn.",
    ),
    (
        "Lägesbild",
        "lagesbild",
        "En beskrivning av hur det ser ut i ett område just nu: vilka brott och andra problem "
        "som finns och vad som får invånarna att känna sig otrygga. Polisen och kommunen tar "
        "fram lägesbilden tillsammans, till exempel utifrån statistik och vad invånare och "
        "verksamheter berättar.",
    ),
    (
        "Medborgarlöfte",
        "medborgarlofte",
        "Ett löfte från polisen och en eller flera kommuner till invånarna om vad de ska göra "
        "tillsammans för att öka tryggheten och minska brottsligheten. Löftet bygger på "
        "lägesbilden i området och gäller under en bestämd tid.",
    ),
]


def add_content(apps, schema_editor):
    AccessibilityStatement = apps.get_model("promises", "AccessibilityStatement")
    GlossaryTerm = apps.get_model("promises", "GlossaryTerm")
    AccessibilityStatement.objects.get_or_create(pk=1, defaults=STATEMENT)
    for term, slug, definition in GLOSSARY:
        GlossaryTerm.objects.get_or_create(
            slug=slug, defaults={"term": term, "definition": definition}
        )


def remove_content(apps, schema_editor):
    AccessibilityStatement = apps.get_model("promises", "AccessibilityStatement")
    GlossaryTerm = apps.get_model("promises", "GlossaryTerm")
    AccessibilityStatement.objects.filter(pk=1).delete()
    GlossaryTerm.objects.filter(slug__in=[slug for _, slug, _ in GLOSSARY]).delete()


class Migration(migrations.Migration):
    dependencies = [("promises", "0009_accessibility_and_glossary")]

    operations = [migrations.RunPython(add_content, remove_content)]
