"""One person's view of the job runner: their jobs only, started in their name, in their own folder.

Another person's job answers exactly like a job that does not exist, so a job id tells nobody anything. Paths a
person names may not reach into another person's folder under the server's output folder, for reading or writing.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from tools.config import Config
from tools.errors import JobNotFound, KlingError, PathNotAllowed
from tools.models import JobList, ScoreJob
from tools.paths import check_output_folder, is_url
from tools.people.scope import person_folder

if TYPE_CHECKING:
    from tools.jobs.prepare import ScoreRequest
    from tools.jobs.runner import JobRunner, OnProgress


class PersonView:
    """The runner as one person sees it (person None: the local user, whose jobs carry no person)."""

    def __init__(
        self,
        runner: JobRunner | None,
        person: str | None,
        config: Config | None = None,
        problem: KlingError | None = None,
    ) -> None:
        # Without a runner (a data folder that cannot be used) paths and folders are still checked; every job
        # call raises `problem`, which says why there are no jobs.
        self._runner = runner
        self.person = person
        self.settings = config if config is not None else runner.config if runner is not None else None
        self.problem = problem

    @property
    def runner(self) -> JobRunner:
        """The job runner, or the error that says why there is none."""
        if self._runner is None:
            raise self.problem or JobNotFound("No jobs: the server has no ledger.")
        return self._runner

    def _settings(self) -> Config:
        return self.settings if self.settings is not None else self.runner.config

    def _own(self, job_id: str) -> str:
        """The job id when the job is this person's; otherwise the same error as for an unknown id."""
        job_id = job_id.strip()
        row = self.runner.ledger.job(job_id)
        if row is None or row["person"] != self.person:
            raise self.runner.not_found(job_id)
        return job_id

    def check_path(self, path: str | None) -> None:
        """Refuse a local path inside another person's folder under the server's output folder."""
        if self.person is None or not path or is_url(path):
            return
        out = self._settings().output_dir.resolve()
        target = Path(path.strip()).expanduser().resolve()
        own = person_folder(out, self.person)
        if (target == out or out in target.parents) and not (target == own or own in target.parents):
            raise PathNotAllowed(
                f"{path} is outside your folders on this server.",
                hint=f"Pass a path inside {own} or outside {out}, or leave output_dir out to use {own}.",
            )

    def config(self) -> Config:
        """The server's configuration as this person works with it: their own folder is the output folder."""
        config = self._settings()
        if self.person is None:
            return config
        own = check_output_folder(person_folder(config.output_dir, self.person), "KLING_V2A_OUTPUT_DIR")
        return replace(config, output_dir=own)

    async def score(self, request: ScoreRequest) -> ScoreJob:
        """Start a request in this person's name."""
        self.check_path(request.video)
        self.check_path(request.output_dir)
        return await self.runner.score(replace(request, person=self.person))

    def get(self, job_id: str) -> ScoreJob:
        """One of this person's jobs."""
        return self.runner.get(self._own(job_id))

    async def wait(self, job_id: str, seconds: float, on_progress: OnProgress | None = None) -> ScoreJob:
        """Wait on one of this person's jobs."""
        return await self.runner.wait(self._own(job_id), seconds, on_progress)

    async def cancel(self, job_id: str) -> ScoreJob:
        """Cancel one of this person's jobs."""
        return await self.runner.cancel(self._own(job_id))

    def list(self, limit: int = 20, status: str | None = None) -> JobList:
        """This person's jobs, newest first."""
        ledger = self.runner.ledger
        rows = ledger.person_jobs(self.person, limit=limit, status=status)
        return JobList(
            jobs=[self.runner.view(self.runner.taken_up(r)) for r in rows],
            total=ledger.count_person_jobs(self.person, status),
        )
