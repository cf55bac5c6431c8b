"""Picture analysis for inspect_video: scene cuts, motion events, a motion summary, a close-up hint and a
contact sheet, from low-resolution grayscale frames decoded once with PyAV."""

from tools.inspection.analyze import analyze_video
from tools.inspection.cuts import detect_scene_cuts
from tools.inspection.keyframes import choose_keyframe_times
from tools.inspection.models import Analysis, MotionSummary, PictureEvent, ShotHint
from tools.inspection.sheet import contact_sheet, format_time

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
