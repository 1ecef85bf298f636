import pytest


def pytest_addoption(parser):
    parser.addoption("--everything", action="store_true", help="run every test")
    parser.addoption("--offline", action="store_true", help="only tests that need no model")
    parser.addoption("--models-only", action="store_true", help="only the tests that call a model")


def pytest_collection_modifyitems(config, items):
    # Pick the tests for the mode asked for.
    if config.getoption("--models-only"):
        skip = pytest.mark.skip(reason="models only")
        for item in items:
            if "model_backend" not in item.keywords:
                item.add_marker(skip)
        return
    elif config.getoption("--everything"):
        return
    elif config.getoption("--offline"):
        skip = pytest.mark.skip(reason="offline")
        for item in items:
            if "needs_network" in item.keywords or "model_backend" in item.keywords:
                item.add_marker(skip)
        return
    else:
        skip = pytest.mark.skip(reason="slow")
        for item in items:
            if "slow" in item.keywords:
                item.add_marker(skip)
