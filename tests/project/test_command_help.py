"""Every operator command of the project answers --help with its help and exit status 0
(argparse needs plain strings: a lazy translation in a help text crashed create_editor)."""

from pathlib import Path

import pytest
from django.core.management import ManagementUtility

import promises.management.commands

COMMANDS_DIR = Path(promises.management.commands.__file__).parent
COMMANDS = sorted(path.stem for path in COMMANDS_DIR.glob("*.py") if not path.stem.startswith("_"))


def test_the_commands_are_found():
    assert {"create_editor", "export_content", "import_content"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_help_exits_zero(command, capsys):
    with pytest.raises(SystemExit) as stopped:
        ManagementUtility(["manage.py", command, "--help"]).execute()
    assert stopped.value.code == 0
    out = capsys.readouterr().out
    assert f"manage.py {command}" in out
    assert "--help" in out
