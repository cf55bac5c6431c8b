"""Picture analysis for inspect_video: scene cuts, motion events, a motion summary, a close-up hint and a
contact sheet, from low-resolution grayscale frames decoded once with PyAV.

Names are imported on first use, so importing `tools.inspection.models` (as the server does at start) does not
load numpy, PyAV or Pillow.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tools.inspection.analyze import analyze_video
    from tools.inspection.cuts import detect_scene_cuts
    from tools.inspection.keyframes import choose_keyframe_times
    from tools.inspection.models import Analysis, MotionSummary, PictureEvent, ShotHint
    from tools.inspection.sheet import contact_sheet, format_time

_WHERE = {
    "analyze_video": "analyze",
    "detect_scene_cuts": "cuts",
    "choose_keyframe_times": "keyframes",
    "Analysis": "models",
    "MotionSummary": "models",
    "PictureEvent": "models",
    "ShotHint": "models",
    "contact_sheet": "sheet",
    "format_time": "sheet",
}

__all__ = [
    "Analysis",
    "MotionSummary",
    "PictureEvent",
    "ShotHint",
    "analyze_video",
    "choose_keyframe_times",
    "contact_sheet",
    "detect_scene_cuts",
    "format_time",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'tools.inspection' has no attribute {name!r}")
    return getattr(importlib.import_module(f"tools.inspection.{module}"), name)
