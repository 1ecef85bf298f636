import os


def test_env():
    assert os.environ.get("GOOGLE_API_KEY")
