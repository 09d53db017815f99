"""The published page the site was created from, read into its blocks of text."""

# Lines of the published page that are not its content: the coat of arms' alt text (we have
# no arms), and the date labels, which the site fills in itself.
NOT_CONTENT = {"Stenungsunds kommunvapen, länk till startsidan", "Publicerad:", "Senast uppdaterad"}
CAPTION_START = "På bilden från vänster:"


def seed_blocks(seed_text):
    """Paragraphs, headings and list items of the seed, wrapped lines rejoined."""
    blocks = []
    current = []

    def finish():
        if current:
            blocks.append(" ".join(current))
            current.clear()

    for raw in seed_text.splitlines():
        line = raw.replace("\u00a0", " ").strip()
        if not line:
            finish()
            continue
        if line.startswith("•"):
            finish()
            current.append(line.lstrip("• ").strip())
            continue
        current.append(line)
        # The page was saved with paragraphs unwrapped and later ones wrapped at about 80
        # characters: a long line that ends a sentence is a paragraph of its own.
        if len(line) > 120 and line.endswith(".") and len(current) == 1:
            finish()
    finish()
    return [block for block in blocks if block not in NOT_CONTENT]


def seed_promises(seed_text):
    """The list items of the seed: the promises, in order."""
    lines = [line.replace("\u00a0", " ").strip() for line in seed_text.splitlines()]
    items = [line.lstrip("• ").strip() for line in lines if line.startswith("•")]
    return [block for block in seed_blocks(seed_text) if any(block.startswith(i) for i in items)]
