"""A content stamp per area (promises/caching/content_stamp.py): an edit in one area no longer
makes every other area's stored pages unreachable.

Every existing area starts with the site's moment, so from the first edit after the deploy on,
edits stay in their area. (Without a row an area's pages read the site's stamp, which is
correct too, only refreshed by every edit.)
"""

import django.db.models.deletion
from django.db import migrations, models


def stamp_every_area(apps, schema_editor):
    Area = apps.get_model("promises", "Area")
    ContentStamp = apps.get_model("promises", "ContentStamp")
    AreaContentStamp = apps.get_model("promises", "AreaContentStamp")
    site = ContentStamp.objects.filter(pk=1).values_list("changed_at", flat=True).first()
    if site is None:
        return  # a new database: each area's row comes with its first change
    AreaContentStamp.objects.bulk_create(
        [
            AreaContentStamp(area_id=pk, changed_at=site)
            for pk in Area.objects.values_list("pk", flat=True)
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("promises", "0024_area_coordinator_groups"),
    ]

    operations = [
        migrations.CreateModel(
            name="AreaContentStamp",
            fields=[
                (
                    "area",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="promises.area",
                        verbose_name="area",
                    ),
                ),
                ("changed_at", models.DateTimeField(verbose_name="content last changed")),
            ],
            options={
                "verbose_name": "area content stamp",
                "verbose_name_plural": "area content stamps",
            },
        ),
        migrations.RunPython(stamp_every_area, migrations.RunPython.noop),
    ]
