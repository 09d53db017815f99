"""Every text field of every content model holding control characters at once, stored
through the ORM (as an import or a backup might have before the checks): every public page
and data file still answers without a 5xx, and the feed, the sitemap, the catalogue and the
JSON data still parse."""

import json
from xml.etree import ElementTree

import feedparser
import pytest
from django.apps import apps
from django.db import connection, models
from django.test import Client
from rdflib import Graph

from promises.models import TRANSLATED_FIELDS, TRANSLATION_LANGUAGES, Partner

from ..public.test_stored_oddities import every_page
from ..publishing.test_dcat import complete, made_up_number  # noqa: F401 - fixture
from ..support import attack_world

pytestmark = pytest.mark.django_db


def poison():
    # PostgreSQL cannot store a NUL in text at all.
    return "\x1b\x7f\x85\x0b" + ("" if connection.vendor == "postgresql" else "\x00")


def poison_every_text():
    poisoned = 0
    dirt = poison()
    for model in apps.get_app_config("promises").get_models():
        for field in model._meta.concrete_fields:
            if (
                not isinstance(field, models.CharField | models.TextField)
                or isinstance(field, models.SlugField | models.EmailField | models.URLField)
                or field.choices
                or field.unique
                # A number the catalogue checks: a wrong one is a 503 by design.
                or field.name == "organisation_number"
                # Too short to hold the poison (the four digits of a municipality code).
                or (field.max_length or 10_000) <= len(dirt) + 1
            ):
                continue
            for obj in model._default_manager.all():
                value = getattr(obj, field.attname) or ""
                room = (field.max_length or 10_000) - len(dirt) - 1
                model._default_manager.filter(pk=obj.pk).update(
                    **{field.attname: f"A{dirt}{value[:room]}"}
                )
                poisoned += 1
    return poisoned


def test_every_public_output_survives_every_text_poisoned(complete):  # noqa: F811
    attack_world.build()
    # The world's made-up second area publishes too: its partners need numbers as well.
    for serial, partner in enumerate(Partner.objects.filter(organisation_number=""), start=50):
        partner.organisation_number = made_up_number(serial)
        partner.save()
    assert poison_every_text() > 50
    client = Client()
    answers = every_page(client)
    failed = {page: r.status_code for page, r in answers.items() if r.status_code >= 500}
    assert failed == {}
    for page, response in answers.items():
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            assert "\x1b" not in response.content.decode(), page
    feed = feedparser.parse(answers["/flode.atom"].content)
    assert not feed.bozo, feed.bozo_exception
    ElementTree.fromstring(answers["/sitemap.xml"].content)
    for page, response in answers.items():
        if page.endswith(".json"):
            json.loads(response.content)
    # Every editor's translation published (poisoned like the rest): the English pages show
    # them, cleaned as the Swedish ones are.
    for model in TRANSLATED_FIELDS:
        model._default_manager.update(
            **{f"translation_published_{language}": True for language in TRANSLATION_LANGUAGES}
        )
    for page, response in answers.items():
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            english = client.get("/en" + page)
            assert english.status_code < 500, page
            assert "\x1b" not in english.content.decode(), page
    catalogue = client.get("/oppna-data/katalog.rdf")
    assert catalogue.status_code == 200, catalogue.content.decode()
    Graph().parse(data=catalogue.content, format="xml")
