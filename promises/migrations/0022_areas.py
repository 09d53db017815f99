"""Areas: every partner and period belongs to one. The seed's partners and periods become the
area Södra Fyrbodal (Stenungsund, Orust and Tjörn, in Västra Götaland County), so an existing
install looks and works as before."""

import django.db.models.deletion
from django.db import migrations, models

import promises.models.areas
import promises.models.control_characters


def seed_area(apps, schema_editor=None):
    """The seed's area (also called by tests that put the seed back on an empty database)."""
    Area = apps.get_model("promises", "Area")
    area, _created = Area.objects.get_or_create(
        slug="sodra-fyrbodal",
        defaults={
            "name": "Södra Fyrbodal",
            "places": "Stenungsund, Orust och Tjörn",
            "county": "14",
        },
    )
    return area


def give_existing_rows_the_seed_area(apps, schema_editor):
    Partner = apps.get_model("promises", "Partner")
    PromisePeriod = apps.get_model("promises", "PromisePeriod")
    if not (Partner.objects.exists() or PromisePeriod.objects.exists()):
        return
    area = seed_area(apps)
    Partner.objects.update(area=area)
    PromisePeriod.objects.update(area=area)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("promises", "0021_partner_unique_organisation_number"),
    ]

    operations = [
        migrations.AddField(
            model_name="partner",
            name="municipality_code",
            field=models.CharField(
                blank=True,
                help_text="For a municipality or city district: the municipality's four-digit code at Statistics Sweden (SCB), for example 1419 for Tjörn. Residents can find their area by it. Leave it empty until you have checked it.",
                max_length=4,
                validators=[promises.models.areas.validate_municipality_code],
                verbose_name="municipality code",
            ),
        ),
        migrations.AlterField(
            model_name="partner",
            name="kind",
            field=models.CharField(
                choices=[
                    ("police_area", "Police area"),
                    ("municipality", "Municipality"),
                    ("city_district", "City district"),
                ],
                help_text="Decides which list the partner's promises appear in: the police's or the municipalities'.",
                max_length=20,
                verbose_name="kind of organisation",
            ),
        ),
        migrations.CreateModel(
            name="Area",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        help_text="The area's name as residents know it, usually the local police area's, for example “Södra Fyrbodal”.",
                        max_length=120,
                        unique=True,
                        verbose_name="name",
                    ),
                ),
                (
                    "slug",
                    models.SlugField(
                        help_text="The last part of the area's web address, for example “sodra-fyrbodal”. Only lowercase letters a–z, digits and hyphens. Avoid changing it: links that others have shared stop working.",
                        max_length=60,
                        unique=True,
                        verbose_name="web address",
                    ),
                ),
                (
                    "places",
                    models.CharField(
                        blank=True,
                        help_text="The municipalities or districts the area covers, as residents say them, for example “Stenungsund, Orust och Tjörn”. Shown with the area's name.",
                        max_length=200,
                        verbose_name="places",
                    ),
                ),
                (
                    "county",
                    models.CharField(
                        choices=[
                            ("01", "Stockholm County"),
                            ("03", "Uppsala County"),
                            ("04", "Södermanland County"),
                            ("05", "Östergötland County"),
                            ("06", "Jönköping County"),
                            ("07", "Kronoberg County"),
                            ("08", "Kalmar County"),
                            ("09", "Gotland County"),
                            ("10", "Blekinge County"),
                            ("12", "Skåne County"),
                            ("13", "Halland County"),
                            ("14", "Västra Götaland County"),
                            ("17", "Värmland County"),
                            ("18", "Örebro County"),
                            ("19", "Västmanland County"),
                            ("20", "Dalarna County"),
                            ("21", "Gävleborg County"),
                            ("22", "Västernorrland County"),
                            ("23", "Jämtland County"),
                            ("24", "Västerbotten County"),
                            ("25", "Norrbotten County"),
                        ],
                        help_text="The county the area lies in. Residents find their area under it.",
                        max_length=2,
                        verbose_name="county",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="last changed")),
                (
                    "coordinator_group",
                    models.OneToOneField(
                        blank=True,
                        editable=False,
                        help_text="Members of this group coordinate the area's periods and partners.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="coordinated_area",
                        to="auth.group",
                        verbose_name="coordinator group",
                    ),
                ),
            ],
            options={
                "verbose_name": "area",
                "verbose_name_plural": "areas",
                "ordering": ["county", "name"],
            },
            bases=(promises.models.control_characters.RefusesControlCharacters, models.Model),
        ),
        migrations.AddField(
            model_name="partner",
            name="area",
            field=models.ForeignKey(
                null=True,
                help_text="The area whose citizen promises the partner gives.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="partners",
                to="promises.area",
                verbose_name="area",
            ),
        ),
        migrations.AddField(
            model_name="promiseperiod",
            name="area",
            field=models.ForeignKey(
                null=True,
                help_text="The area whose citizen promise this is.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="periods",
                to="promises.area",
                verbose_name="area",
            ),
        ),
        migrations.RunPython(give_existing_rows_the_seed_area, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="partner",
            name="area",
            field=models.ForeignKey(
                default=promises.models.areas.sole_area_id,
                help_text="The area whose citizen promises the partner gives.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="partners",
                to="promises.area",
                verbose_name="area",
            ),
        ),
        migrations.AlterField(
            model_name="promiseperiod",
            name="area",
            field=models.ForeignKey(
                default=promises.models.areas.sole_area_id,
                help_text="The area whose citizen promise this is.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="periods",
                to="promises.area",
                verbose_name="area",
            ),
        ),
    ]
