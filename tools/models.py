"""Pydantic models at the boundary: what tools return to the server, the CLI and the assistant."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from tools.lint.models import LintReport

JobStatus = Literal["preparing", "uploading", "queued", "running", "completed", "failed", "cancelled"]
FINISHED: frozenset[str] = frozenset({"completed", "failed", "cancelled"})


class Result(BaseModel):
    """Base of result models: plain data, unknown keys refused."""

    model_config = ConfigDict(extra="forbid")


class VideoInfo(Result):
    """What a container-level probe knows about a clip, without decoding it."""

    path: str
    container: str = Field(description="container format as PyAV names it, e.g. 'mov,mp4,m4a,3gp,3g2,mj2'")
    extension: str = Field(description="file name ending, lower case, with the dot")
    size_bytes: int
    duration_s: float
    fps: float | None = None
    variable_frame_rate: bool = False
    width: int
    height: int
    rotation: int = Field(0, description="display rotation in degrees")
    video_codec: str
    pixel_format: str | None = None
    bit_rate: int | None = None
    has_audio: bool = False
    audio_codec: str | None = None


class PlanStep(Result):
    """One preflight step, explained."""

    kind: Literal["transcode", "compress", "pad", "split", "strip_audio", "proxy", "upload"]
    reason: str


class SegmentSpec(Result):
    """A slice of the input that is scored by one fal call."""

    index: int
    start_s: float
    end_s: float
    cut_at_scene: bool = False

    @property
    def duration_s(self) -> float:
        """Length of the slice in seconds."""
        return self.end_s - self.start_s


class Plan(Result):
    """What preflight will do to a clip before fal sees it, and what it will cost."""

    steps: list[PlanStep] = Field(default_factory=list)
    segments: list[SegmentSpec] = Field(default_factory=list)
    fal_calls: int = 1
    estimated_cost_usd: float = 0.0
    summary: str = ""
    proxy: bool = Field(
        default=False,
        description="fal gets a moderate 720p H.264 proxy of the clip (upload='auto' found it faster); the scored "
        "video keeps the original picture",
    )
    cuts_pending: bool = Field(
        default=False,
        description="the segments are evenly spaced for now: the job looks for scene cuts when it starts and "
        "moves the joins to them (the number of calls and the cost stay the same)",
    )


class ErrorInfo(Result):
    """Why a job failed, and what to do about it."""

    code: str
    message: str
    hint: str = ""


class Progress(Result):
    """How far a job is, as a fraction and a sentence."""

    fraction: float = Field(0.0, ge=0.0, le=1.0)
    message: str = ""


class SegmentState(Result):
    """One segment's fal request and outcome."""

    index: int
    start_s: float
    end_s: float
    status: JobStatus
    request_id: str | None = None
    audio_url: str | None = None
    error: ErrorInfo | None = None


class PromptsSent(Result):
    """Exactly the arguments that went to fal, apart from the video URL."""

    sound_effect_prompt: str
    background_music_prompt: str
    asmr_mode: bool


class Soundtrack(Result):
    """The final soundtrack of a completed job, as measured in its scored video (ITU-R BS.1770 / EBU R128)."""

    duration_s: float = Field(description="length of the scored video's audio track in seconds")
    integrated_lufs: float | None = Field(
        None, description="integrated loudness in LUFS (BS.1770, gated); null for silence"
    )
    true_peak_dbtp: float | None = Field(
        None, description="true peak in dBTP (4x oversampled); null for silence"
    )
    loudness_range_lu: float = Field(0.0, description="loudness range (EBU R128 LRA) in LU")
    original_audio: Literal["replace", "mix", "duck", "absent"] = Field(
        description="what was done with the clip's own audio: replace (dropped), mix (kept under the new "
        "soundtrack), duck (the new soundtrack dips wherever it is active), absent (the clip has none)"
    )
    loudness_target_lufs: float | None = Field(
        None, description="the loudness_lufs asked for (true peak at most -1 dBTP); null: the level was left"
    )
    events_total: int | None = Field(
        default=None,
        description="sync review (a hint): the picture's scene cuts and impacts; null if not reviewed",
    )
    events_matched: int | None = Field(
        default=None, description="cuts and impacts with a sound starting within 100 ms"
    )
    median_offset_ms: float | None = Field(
        default=None,
        description="onset minus event over the matched ones, in ms; positive: the sound comes late",
    )
    longest_silence_s: float | None = Field(
        default=None, description="the longest stretch of near silence (< -50 dBFS)"
    )
    note: str = ""


class TakeInput(BaseModel):
    """One prompt variant of score_video's takes."""

    model_config = ConfigDict(extra="forbid")

    sound_effect_prompt: str = Field("", max_length=2000, description="the diegetic layer of this take")
    background_music_prompt: str = Field("", max_length=2000, description="the music bed of this take")
    asmr_mode: bool | None = Field(None, description="null takes the call's asmr_mode")


class TakeResult(Result):
    """One prompt variant of a takes job: its own job, files, cost and outcome."""

    index: int = Field(description="the take's number, from 1, in the order given")
    job_id: str = Field(description="the take's own job (get_job works on it too)")
    prompts_sent: PromptsSent | None = None
    status: JobStatus
    video_path: str | None = None
    audio_path: str | None = None
    cost_usd: float = 0.0
    cached: bool = False
    error: ErrorInfo | None = None
    soundtrack: Soundtrack | None = None


class ScoreJob(Result):
    """A score_video job as the ledger knows it."""

    job_id: str
    status: JobStatus
    progress: Progress = Field(default_factory=lambda: Progress(fraction=0.0, message=""))
    input: str = Field(description="the video as the caller gave it")
    video_path: str | None = Field(None, description="the original picture with the new soundtrack")
    audio_path: str | None = Field(None, description="the generated soundtrack as MP3")
    video_url: str | None = Field(None, description="fal's copy of the scored video (expires)")
    audio_url: str | None = Field(None, description="fal's copy of the soundtrack (expires)")
    prompts_sent: PromptsSent | None = None
    lint: LintReport | None = None
    plan: Plan | None = None
    segments: list[SegmentState] = Field(default_factory=list)
    soundtrack: Soundtrack | None = Field(None, description="the final soundtrack, once completed")
    cost_usd: float = 0.0
    cached: bool = False
    created_at: str
    finished_at: str | None = None
    elapsed_s: float | None = None
    error: ErrorInfo | None = None
    takes: list[TakeResult] = Field(
        default_factory=list,
        description="a takes job's variants, best fit to the picture first when all are done",
    )
    next_step: str = ""


class JobList(Result):
    """Jobs from the ledger, newest first."""

    jobs: list[ScoreJob]
    total: int
