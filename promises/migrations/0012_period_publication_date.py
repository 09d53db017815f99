"""A period's publication date is the editors' fact, not the site's.

`published_at` was stamped the first time a period was marked published here, so the seeded
2023-2024 period said "Publicerad" on the day its migration ran. It goes (who published what
and when stays in each period's history); `published_on` is a date editors enter, empty for the
seeded period because nobody knows it yet.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("promises", "0011_accessibility_permissions"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="promiseperiod",
            name="published_at",
        ),
        migrations.AddField(
            model_name="promiseperiod",
            name="published_on",
            field=models.DateField(
                blank=True,
                help_text="The day the police and the municipalities published this citizen promise. Shown as “Publicerad” on the page; leave it empty while the date is not known, and the line is left out. “Senast uppdaterad” follows every change by itself.",
                null=True,
                verbose_name="publication date",
            ),
        ),
    ]
