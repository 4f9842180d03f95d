import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import path

from safevoice.config.urls import urlpatterns as site_urls


def view_with_database_down(request):
    raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")


def view_with_a_bug(request):
    raise ValueError("a programming error")


urlpatterns = [
    path("database-down/", view_with_database_down),
    path("bug/", view_with_a_bug),
    *site_urls,
]
handler500 = "safevoice.core.views.server_error"


@pytest.fixture
def raising_client(settings):
    settings.ROOT_URLCONF = __name__
    return Client(raise_request_exception=False)


def test_a_database_outage_asks_people_to_try_again_not_a_stack_trace(raising_client):
    response = raising_client.get("/database-down/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    text = response.content.decode()
    assert "Sorry, please try again" in text
    assert "still saved" in text
    assert "5432" not in text
    assert "Traceback" not in text


def test_other_errors_get_the_general_problem_page(raising_client):
    response = raising_client.get("/bug/")
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()
    assert "a programming error" not in response.content.decode()
