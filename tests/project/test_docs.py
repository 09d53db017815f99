"""README and docs/ name only what exists: make targets, files, tests, commands, settings and
the sections they link to. Documentation that drifts from the code fails here."""

import re
import subprocess
import unicodedata

import pytest
from django.core.management import get_commands

from ..conftest import REPO_ROOT

DOCS = [REPO_ROOT / "README.md", *sorted((REPO_ROOT / "docs").glob("*.md"))]
# What a path named in the docs starts with, for it to be checked as a path of this repository.
TOP_LEVEL = (
    "promises/",
    "medborgarlofte/",
    "docs/",
    "scripts/",
    "bench/",
    "tests/",
    "templates/",
    "static/",
    "locale/",
    ".ci/",
)
TOP_LEVEL_FILES = {".env.example", "Makefile", "manage.py", "pyproject.toml", "package.json"}


def code_in(text):
    """The contents of the code spans and fenced code blocks of a markdown text."""
    blocks = re.findall(r"^```[^\n]*\n(.*?)^```", text, re.S | re.M)
    without_blocks = re.sub(r"^```[^\n]*\n.*?^```", "", text, flags=re.S | re.M)
    return blocks + re.findall(r"`([^`\n]+)`", without_blocks)


def documentation():
    return {path: path.read_text(encoding="utf-8") for path in DOCS}


def make_targets():
    makefile = (REPO_ROOT / "Makefile").read_text()
    targets = set()
    for line in makefile.splitlines():
        match = re.match(r"^([^\s:=#][^:=]*):(?!=)", line)
        if match and not line.startswith("."):
            targets.update(match.group(1).replace("$(VENV)", ".venv").split())
    return targets


def test_readme_is_read_in_five_minutes():
    lines = (REPO_ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 150


def test_every_make_target_named_in_the_docs_exists():
    targets = make_targets()
    assert {"serve", "test", "dev", "test-fast", "messages"} <= targets
    named = {
        (path.name, target)
        for path, text in documentation().items()
        for code in code_in(text)
        for target in re.findall(r"(?:^|[\s;&(])make ([\w./-]+)", code)
    }
    assert ("README.md", "serve") in named and ("README.md", "test") in named
    assert {(doc, target) for doc, target in named if target not in targets} == set()


def named_paths(code):
    for token in re.findall(r"[\w./-]+(?:::\w+)?", code):
        path = token.rstrip(".,:")
        if path.startswith(TOP_LEVEL) or path in TOP_LEVEL_FILES:
            yield path


def exists(name):
    """A path of the repository, or a test in a file written as `path::test_name`."""
    path, _, test = name.partition("::")
    target = REPO_ROOT / path
    if not test:
        return target.exists()
    return target.is_file() and re.search(rf"^def {test}\(", target.read_text(), re.M) is not None


def test_every_path_and_test_named_in_the_docs_exists():
    missing = [
        (doc.name, name)
        for doc, text in documentation().items()
        for code in code_in(text)
        for name in named_paths(code)
        if not exists(name)
    ]
    assert missing == []


def test_the_scripts_the_docs_run_are_executable():
    for name in (
        "scripts/postgres",
        "scripts/make-dotenv",
        "scripts/find-python",
        "bench/load",
        "bench/scale",
    ):
        assert (REPO_ROOT / name).stat().st_mode & 0o111, name


def test_every_manage_py_command_in_the_docs_exists():
    commands = set(get_commands())
    named = {
        command
        for text in documentation().values()
        for code in code_in(text)
        for command in re.findall(r"manage\.py (\w+)", code)
    }
    assert {"createsuperuser", "create_editor", "export_content"} <= named
    assert named - commands == set()


def anchor(heading):
    """GitHub's id for a heading: lower case, punctuation dropped, spaces become hyphens."""
    text = re.sub(r"[`*_]", "", heading.strip().lower())
    text = "".join(c for c in text if c in " -" or unicodedata.category(c)[0] in "LN")
    return text.replace(" ", "-")


def test_every_link_between_the_docs_reaches_a_file_and_a_heading():
    broken = []
    for doc, text in documentation().items():
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if target.startswith(("http://", "https://", "mailto:")):
                continue
            file_part, _, fragment = target.partition("#")
            linked = (doc.parent / file_part).resolve() if file_part else doc
            if not linked.exists():
                broken.append((doc.name, target))
                continue
            if fragment:
                headings = re.findall(r"^#+ (.+)$", linked.read_text(encoding="utf-8"), re.M)
                if fragment not in {anchor(heading) for heading in headings}:
                    broken.append((doc.name, target))
    assert broken == []


def test_the_sections_the_code_points_to_exist():
    """Comments and docstrings say where to read more, as docs/<file>.md "Heading"."""
    tracked = subprocess.run(
        ["git", "ls-files", "*.py", "Makefile", ".env.example", "scripts/*", "bench/*"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    pointers = {
        (name, doc, heading)
        for name in tracked
        for doc, heading in re.findall(
            r'(docs/\w+\.md),?\s+(?:#\s+)?"([^"]+)"', (REPO_ROOT / name).read_text()
        )
    }
    assert len(pointers) >= 5
    missing = [
        pointer
        for pointer in pointers
        if pointer[2] not in re.findall(r"^#+ (.+)$", (REPO_ROOT / pointer[1]).read_text(), re.M)
    ]
    assert missing == []


def settings_variables():
    """The environment variables settings.py reads: the names in its environ.Env scheme."""
    from medborgarlofte import settings

    return set(settings.env.scheme)


def test_the_settings_table_names_exactly_the_variables_the_settings_read():
    operations = (REPO_ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    section = operations.split("\n## Settings\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    in_table = {
        name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", row.split("|")[1])
    }
    assert in_table == settings_variables()


def test_env_example_names_exactly_the_variables_the_settings_read():
    example = (REPO_ROOT / ".env.example").read_text(encoding="utf-8")
    assigned = set(re.findall(r"^([A-Z][A-Z0-9_]+)=", example, re.M))
    assert assigned == settings_variables()


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("Roller: vem får göra vad", "roller-vem-får-göra-vad"),
        ("The way of a request", "the-way-of-a-request"),
        ("Load (`bench/load`)", "load-benchload"),
    ],
)
def test_anchors_are_computed_as_github_does(heading, expected):
    assert anchor(heading) == expected
