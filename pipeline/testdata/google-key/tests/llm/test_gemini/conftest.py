import pytest
from google.genai import Client


@pytest.fixture
def client():
    return Client()
