"""The site's public addresses, for tests that must cover every one of them.

Add a new public page here once, and every header, caching and query-count test covers it.
"""

from promises.models import Promise

PUBLIC_PAGES = [
    "/",
    "/medborgarloften/",
    "/medborgarloften/2023-2024/",
    "/omraden/",
    "/omraden/?q=Tj%C3%B6rn",
    "/omraden/sodra-fyrbodal/",
    "/omraden/sodra-fyrbodal/flode.atom",
    "/parter/",
    "/parter/orust-kommun/",
    "/loften/",
    "/loften/?givare=polisen&status=no_follow_up",
    "/sok/",
    "/sok/?q=trafiks%C3%A4kerheten",
    "/sok/?q=Tj%C3%B6rn",
    "/sok/?q=xyzzyq",
    "/sa-foljer-vi-upp/",
    "/oppna-data/",
    "/ordlista/",
    "/kontakt-och-delta/",
    "/tillganglighet/",
    "/tillganglighet/rapportera/tack/",
    "/lattlast/",
    "/lattlast/uppfoljning/",
    "/lattlast/kontakt/",
    "/lattlast/omraden/sodra-fyrbodal/",
    "/lattlast/omraden/sodra-fyrbodal/kontakt/",
    "/oppna-data/medborgarloften.json",
    "/oppna-data/medborgarloften/2023-2024.json",
    "/oppna-data/medborgarloften/2023-2024.csv",
    "/oppna-data/medborgarloften/2023-2024/uppfoljningar.csv",
    "/medborgarloften/2023-2024/atgardsplan/",
    "/oppna-data/medborgarloften/2023-2024/atgarder.json",
    "/oppna-data/medborgarloften/2023-2024/atgarder.csv",
    "/flode.atom",
    "/sitemap.xml",
    "/sitemap-loften.xml",
    "/robots.txt",
    "/inbaddning/2023-2024/",
    "/inbaddning/2023-2024/tjorns-kommun/",
]
# Not listed: the accessibility report form (/tillganglighet/rapportera/). Each rendering
# carries its own signed timestamp, so it is never cached and has no validators;
# tests/public/test_accessibility_statement.py covers it.


def promise_page() -> str:
    """A single promise's page; its address holds a database id, so it is looked up."""
    return Promise.objects.get(text__startswith="Fokusera").get_absolute_url()
