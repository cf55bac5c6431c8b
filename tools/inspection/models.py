"""Result models of picture analysis: the timeline, the motion summary and the shot hint inspect_video reports."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

EventKind = Literal["scene_cut", "motion_onset", "motion_stop", "impact"]
MotionLevel = Literal["static", "slow", "busy"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PictureEvent(_Model):
    """One moment in the picture that a sound could be synchronised to."""

    kind: EventKind
    time_s: float = Field(ge=0.0, description="seconds from the start of the clip")
    strength: float = Field(ge=0.0, le=1.0, description="how clear the event is, 0..1")
    label: str = Field(description="a short description of what happens, for the assistant")


class MotionSummary(_Model):
    """How much the picture moves over the whole clip."""

    level: MotionLevel
    mean_motion: float = Field(
        ge=0.0, description="average picture speed, in frame widths per second (a heuristic estimate)"
    )
    peak_motion: float = Field(ge=0.0, description="fastest moment, in frame widths per second")
    moving_share: float = Field(
        ge=0.0, le=1.0, description="share of the clip in which something visibly moves"
    )
    cuts_per_minute: float = Field(ge=0.0)
    description: str


class ShotHint(_Model):
    """A heuristic guess whether the clip is a close-up or macro shot (where ASMR mode pays off)."""

    close_up_likelihood: float = Field(ge=0.0, le=1.0)
    reason: str


class Analysis(_Model):
    """What low-resolution frame analysis found in a clip."""

    duration_s: float = Field(ge=0.0)
    frames_decoded: int = Field(ge=0, description="every frame of the clip is decoded once")
    frames_analysed: int = Field(ge=0, description="frames looked at closely, at most max_fps per second")
    events: list[PictureEvent] = Field(default_factory=list, description="in time order")
    motion: MotionSummary
    shot: ShotHint
    keyframe_times: list[float] = Field(
        default_factory=list, description="suggested contact-sheet times (six, at the events where possible)"
    )
