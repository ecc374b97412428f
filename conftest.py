"""Shared fixtures: the persona cast and clients logged in as each persona."""

import os

os.environ.setdefault("NGHIQUYET_TESTING", "1")

import pytest
from django.test import Client

from nghiquyet.testing import PERSONAS, Cast, build_cast


@pytest.fixture
def cast(db: None) -> Cast:
    return build_cast()


@pytest.fixture
def client_for(cast: Cast):
    """``client_for("xa")`` is a Django test client logged in as that persona (CSRF enforced)."""

    def make(persona: str) -> Client:
        client = Client(enforce_csrf_checks=False)
        if persona != "anonymous":
            client.force_login(cast.persona(persona))
        return client

    return make


@pytest.fixture(params=PERSONAS)
def persona(request: pytest.FixtureRequest) -> str:
    return request.param
