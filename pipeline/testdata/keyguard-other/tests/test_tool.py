import pytest


def test_offline():
    assert True


@pytest.mark.live
def test_live():
    assert True
