"""The interface speaks Spanish by default and English on request."""

from django.test import Client
from django.urls import reverse


def test_login_page_is_in_spanish_by_default(db):
    response = Client().get(reverse("accounts:login"))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="es">' in html
    assert "Iniciar sesión" in html


def test_language_switch_to_english_sticks(db):
    browser = Client()

    switched = browser.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"})
    response = browser.get(reverse("accounts:login"))

    assert switched.status_code == 302
    assert '<html lang="en">' in response.content.decode()
    assert "Sign in" in response.content.decode()


def test_an_english_browser_still_gets_spanish_until_the_user_switches(db):
    response = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").get(reverse("accounts:login"))

    assert '<html lang="es">' in response.content.decode()
    assert response["Content-Language"] == "es"
