"""Error pages inside the site's layout, in the reader's language (issue 10, item 17), and the
demo served without Django's debug page while its static files still load."""

import os
import subprocess
import sys

import pytest
from django.template import loader
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.defaults import server_error

from arraigo.accounts.models import Role
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_refusal_is_explained_in_spanish_inside_the_layout():
    browser = Client()  # no language cookie: the programme's Spanish
    browser.force_login(UserFactory(role=Role.EMPLOYER))

    response = browser.get(reverse("casework:workload"))

    html = response.content.decode()
    assert response.status_code == 403
    assert [t.name for t in response.templates][:2] == ["403.html", "base.html"]
    assert "No puede abrir esta página" in html
    assert 'class="topbar"' in html and 'data-testid="current-user"' in html
    assert "Forbidden" not in html


def test_a_missing_page_is_explained_in_spanish_inside_the_layout():
    browser = Client()
    browser.force_login(UserFactory(role=Role.COORDINATOR))

    response = browser.get("/no-such-page/")

    html = response.content.decode()
    assert response.status_code == 404
    assert [t.name for t in response.templates][:2] == ["404.html", "base.html"]
    assert "Página no encontrada" in html
    assert 'href="/"' in html


def test_the_server_error_page_needs_no_request_context():
    with translation.override("es"):
        html = loader.get_template("500.html").render()
        response = server_error(RequestFactory().get("/"))

    assert "Algo salió mal" in html
    assert response.status_code == 500
    assert "Algo salió mal" in response.content.decode()


def test_the_error_pages_speak_english_to_who_chose_it(client):
    client.force_login(UserFactory(role=Role.COORDINATOR))

    html = client.get("/no-such-page/").content.decode()

    assert "Page not found" in html


DEMO_CHECK = """
import django
django.setup()
from django.conf import settings
from django.test import Client
browser = Client(HTTP_HOST="localhost")
css = browser.get("/static/arraigo/app.css")
missing = browser.get("/no-such-page/")
body = missing.content.decode()
print(settings.DEBUG, css.status_code, missing.status_code,
      "URLconf" in body, 'data-testid="error-page"' in body)
"""


def test_the_demo_settings_serve_without_the_debug_page_and_still_serve_static_files(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "DJANGO_SETTINGS_MODULE", "DATABASE_URL"}
    }
    env.update(DJANGO_SETTINGS_MODULE="arraigo.settings.local", ARRAIGO_HOME=str(tmp_path))

    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", DEMO_CHECK], env=env, capture_output=True, text=True, check=True
    )

    assert result.stdout.split() == ["False", "200", "404", "False", "True"]
