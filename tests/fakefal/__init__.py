"""A loopback fake of fal's queue, storage and CDN, for the real fal-client to run against in tests."""

from tests.fakefal.media import tone_for
from tests.fakefal.routes import APP_ID
from tests.fakefal.server import FakeFal
from tests.fakefal.validate import Limits

__all__ = ["APP_ID", "FakeFal", "Limits", "tone_for"]
