"""What every tool call reads: the state the lifespan opened, the caller's view of the jobs, progress."""

from __future__ import annotations

from dataclasses import dataclass

from mcp.server.mcpserver import Context

from server.auth import person_of
from tools.config import Config
from tools.engine.fal import FalEngine
from tools.errors import KlingError
from tools.jobs.runner import JobRunner
from tools.models import ScoreJob
from tools.people.view import PersonView


@dataclass
class AppState:
    """What the lifespan opens once and every tool call reads.

    Without a usable data folder there is no runner: the job tools refuse with the folder and the fix, and
    lint_prompt and inspect_video keep working.
    """

    config: Config
    jobs: JobRunner | None
    engine: FalEngine
    public_urls_only: bool = False
    problem: KlingError | None = None

    @property
    def runner(self) -> JobRunner:
        """The job runner, or the error that says why there is none."""
        if self.jobs is None:
            assert self.problem is not None
            raise self.problem
        return self.jobs


def app_state(ctx: Context) -> AppState:
    """The AppState the lifespan opened, as this request sees it."""
    state: AppState = ctx.request_context.lifespan_context  # type: ignore[assignment]
    return state


def person_jobs(ctx: Context) -> PersonView:
    """The jobs of the person making this request (over HTTP, the one their token names)."""
    state = app_state(ctx)
    return PersonView(state.jobs, person_of(ctx), state.config, state.problem)


class Progress:
    """Sends strictly increasing progress notifications for one call."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.last = 0.0

    async def __call__(self, job: ScoreJob) -> None:
        value = max(self.last + 0.01, min(99.9, job.progress.fraction * 100))
        self.last = value
        await self.ctx.report_progress(value, 100.0, f"{job.status}: {job.progress.message}")
