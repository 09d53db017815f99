import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from promises.editing import roles
from promises.models import Partner, Promise, PromisePeriod


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_seed_migration_is_reversible_and_idempotent():
    assert PromisePeriod.objects.count() == 1
    assert Promise.objects.count() == 11
    assert Partner.objects.count() == 4

    call_command("migrate", "promises", "0001", verbosity=0)
    assert PromisePeriod.objects.count() == 0
    assert Partner.objects.count() == 0

    call_command("migrate", "promises", verbosity=0)
    assert PromisePeriod.objects.count() == 1
    assert Promise.objects.count() == 11

    # Running the data step again (as a squashed or re-applied migration would) adds nothing.
    executor = MigrationExecutor(connection)
    migration = executor.loader.get_migration("promises", "0002_seed_content")
    # The models as the database has them now (every migration applied), not as at 0002.
    state = executor.loader.project_state()
    migration.operations[0].code(state.apps, connection.schema_editor())
    assert Promise.objects.count() == 11
    assert Partner.objects.count() == 4


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_role_groups_migration_is_reversible_and_idempotent():
    from django.contrib.auth.models import Group

    names = {
        "Webbplatsadministratörer",
        # The site-wide "Samordnare" of 0005 became Södra Fyrbodal's in 0023.
        "Samordnare – Södra Fyrbodal",
        "Redaktörer – Lokalpolisområde Södra Fyrbodal",
        "Redaktörer – Stenungsunds kommun",
        "Redaktörer – Orust kommun",
        "Redaktörer – Tjörns kommun",
    }
    assert set(Group.objects.values_list("name", flat=True)) == names

    call_command("migrate", "promises", "0004", verbosity=0)
    assert not Group.objects.exists()
    assert not Partner.objects.filter(editor_group__isnull=False).exists()

    call_command("migrate", "promises", verbosity=0)
    assert set(Group.objects.values_list("name", flat=True)) == names
    admins = Group.objects.get(name="Webbplatsadministratörer")
    assert admins.permissions.filter(codename="publish_promiseperiod").exists()
    assert admins.permissions.filter(codename="delete_accessattempt").exists()

    executor = MigrationExecutor(connection)
    migration = executor.loader.get_migration("promises", "0005_editor_groups")
    state = executor.loader.project_state(("promises", "0005_editor_groups"))
    migration.operations[0].code(state.apps, connection.schema_editor())
    # 0005 brings back the site-wide coordinators' group; 0023, run again, folds it into the
    # area's again and adds nothing else.
    area_groups = executor.loader.get_migration("promises", "0024_area_coordinator_groups")
    state = executor.loader.project_state(("promises", "0024_area_coordinator_groups"))
    area_groups.operations[0].code(state.apps, connection.schema_editor())
    assert Group.objects.count() == len(names)
    tjorn = Group.objects.get(name="Redaktörer – Tjörns kommun")
    # 0005's grants plus the later ones for follow-ups (0008): running 0005 again adds none.
    assert tjorn.permissions.count() == len(roles.EDITOR_PERMISSIONS)
    assert Partner.objects.get(slug="tjorns-kommun").editor_group == tjorn
