"""The replica and pooling tests start their own servers (tests.clusters)."""

from __future__ import annotations


def pytest_collection_modifyitems(config, items):
    if not config.pluginmanager.hasplugin("xdist"):
        return
    import pytest

    for item in items:
        if "test_dashboard_lag_browser" in str(item.fspath):
            # with the other browser tests, on one worker (--dist loadgroup)
            item.add_marker(pytest.mark.xdist_group("browser"))
