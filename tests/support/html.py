"""Reading pages the way a person or a browser would: visible text and submitted forms."""

from html.parser import HTMLParser


class _TextExtractor(HTMLParser):
    SKIPPED = {"script", "style", "head", "title"}
    # Tags that sit inside a sentence, as a browser shows them: a search mark or a glossary link
    # is not a space ("trafik<mark>säkerheten</mark>.", "<a …>EPA-traktorer</a>.").
    INLINE = {"mark", "a"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIPPED:
            self.skipping += 1
        if tag not in self.INLINE:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in self.SKIPPED:
            self.skipping -= 1
        if tag not in self.INLINE:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def visible_text(html: str) -> str:
    """The page's text with tags removed and all whitespace collapsed to single spaces."""
    parser = _TextExtractor()
    parser.feed(html)
    return " ".join("".join(parser.parts).split())


class _FormReader(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.data = []
        self.textarea = None
        self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == self.form_id:
            self.inside = True
        if not self.inside or ("name" not in attrs and tag != "option"):
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "image", "file", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self.data.append(
                (attrs["name"], attrs.get("value", "on" if kind == "checkbox" else ""))
            )
        elif tag == "textarea":
            self.textarea = [attrs["name"], ""]
        elif tag == "select":
            self.select = attrs["name"]
        elif tag == "option" and self.select and "selected" in attrs:
            self.data.append((self.select, attrs.get("value", "")))

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "textarea" and self.textarea is not None:
            name, value = self.textarea
            # Browsers drop the one newline that directly follows <textarea>.
            self.data.append((name, value[1:] if value.startswith("\n") else value))
            self.textarea = None
        elif tag == "select":
            self.select = None


def form_data(html: str, form_id: str) -> dict:
    """What a browser would submit from the form with this id, unchanged.

    Multi-valued fields (checkbox groups, multiple selects) become lists.
    """
    reader = _FormReader(form_id)
    reader.feed(html)
    data = {}
    for name, value in reader.data:
        data.setdefault(name, []).append(value)
    return {name: values if len(values) > 1 else values[0] for name, values in data.items()}


class _ElementCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def dangerous_markup(html: str) -> list:
    """Elements a browser would run or load from an editor's payload: scripts, frames,
    event handlers, script URLs. Empty when the page is inert."""
    collector = _ElementCollector()
    collector.feed(html)
    found = []
    for tag, attrs in collector.elements:
        if tag == "script" and attrs.get("type") == "application/ld+json":
            continue  # data for search engines, never run
        if tag == "svg" and attrs.get("class") == "chart__svg":
            # the site's own status chart (promises/public/overview.py); its attributes are checked
            pass
        elif tag in {"script", "iframe", "object", "embed", "svg", "math", "base"}:
            found.append(tag)
        if tag == "img" and attrs.get("src") in {"x", None}:
            found.append("img")
        for name, value in attrs.items():
            if name.startswith("on") or (value or "").strip().lower().startswith(
                ("javascript:", "data:", "vbscript:")
            ):
                found.append(f"{tag}[{name}]")
    return found
