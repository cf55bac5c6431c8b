"""Pytest fixtures around FakeFal. To use them anywhere under tests/, import them in a conftest.py:
`from tests.fakefal.fixtures import fake_fal, fal_via_fake  # noqa: F401`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from tests.fakefal.server import FakeFal

_CONSTANTS = ("QUEUE_URL_FORMAT", "RUN_URL_FORMAT", "REST_URL", "CDN_URL")


@contextmanager
def fal_client_at(target: FakeFal | str) -> Iterator[str]:
    """Point fal_client's four endpoint constants at a fake (or base URL) for the block; restore them after."""
    import fal_client.client as fc

    base = (target.url if isinstance(target, FakeFal) else target).rstrip("/")
    saved = {name: getattr(fc, name) for name in _CONSTANTS}
    fc.QUEUE_URL_FORMAT = fc.RUN_URL_FORMAT = base + "/"
    fc.REST_URL = fc.CDN_URL = base
    try:
        yield base
    finally:
        for name, value in saved.items():
            setattr(fc, name, value)


@pytest.fixture
def fake_fal(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeFal]:
    """A running FakeFal (latency 0.2 s), with loopback addresses exempt from any proxy."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    with FakeFal(latency=0.2) as fake:
        yield fake


@pytest.fixture
def fal_via_fake(fake_fal: FakeFal) -> Iterator[FakeFal]:
    """A running FakeFal that fal_client's endpoint constants point at for the test."""
    with fal_client_at(fake_fal):
        yield fake_fal
