import pytest


def pytest_addoption(parser):
    parser.addoption("--run-live", action="store_true", default=False)


def pytest_collection_modifyitems(config, items):
    if not config.option.run_live:
        skip_live = pytest.mark.skip(reason="needs --run-live")
        for item in items:
            if item.get_closest_marker("live"):
                item.add_marker(skip_live)
