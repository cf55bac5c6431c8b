"""What the CLI's exit codes mean, and how errors and finished jobs map onto them."""

from __future__ import annotations

from tools.errors import (
    BudgetExceeded,
    ConfigError,
    EngineError,
    InputError,
    JobNotFound,
    KlingError,
    MissingKey,
)
from tools.models import ScoreJob

OK = 0
FAILED = 1
USAGE = 2
CONFIG = 3
FAL = 4
PENDING = 5
INTERRUPTED = 130

EXIT_CODES_HELP = """\
exit codes:
  0    done
  1    the job failed or was cancelled; lint found errors or warnings; doctor: the media check failed
  2    bad arguments or input: a path that is missing or not allowed, not a video, a prompt over 200
       characters, an unknown job id
  3    configuration: no fal key, a bad variable, a folder that cannot be written, the daily budget reached
  4    fal refused the request or could not be reached
  5    the job is still running when the wait ended (follow it with: kling-v2a jobs wait JOB_ID)
  130  interrupted (Ctrl-C); a started job stays in the ledger: kling-v2a jobs wait JOB_ID"""

CLI_KEY_HINT = (
    "Get a key at https://fal.ai/dashboard/keys, then set it in this shell: export FAL_KEY=your-key "
    '(PowerShell: $env:FAL_KEY = "your-key"). Check with: kling-v2a doctor'
)

_FAL_JOB_CODES = {
    "fal_error",
    "fal_auth",
    "fal_validation",
    "fal_rate_limited",
    "fal_unavailable",
    "fal_result",
}
_CONFIG_JOB_CODES = {"missing_fal_key", "config_error", "budget_exceeded"}


def code_for_error(exc: KlingError) -> int:
    """The exit code of an error raised before or instead of a result."""
    if isinstance(exc, (InputError, JobNotFound)):
        return USAGE
    if isinstance(exc, (ConfigError, BudgetExceeded)):
        return CONFIG
    if isinstance(exc, EngineError):
        return FAL
    return FAILED


def code_for_job(job: ScoreJob) -> int:
    """The exit code of a job as it stands when the CLI stops waiting."""
    if job.status == "completed":
        return OK
    if job.status in ("failed", "cancelled"):
        code = job.error.code if job.error else ""
        if code in _FAL_JOB_CODES:
            return FAL
        if code in _CONFIG_JOB_CODES:
            return CONFIG
        return FAILED
    return PENDING


def hint_for_cli(exc: KlingError) -> str:
    """The error's hint, reworded where the server's hint speaks of client configs rather than a shell."""
    if isinstance(exc, MissingKey):
        return CLI_KEY_HINT
    return exc.hint
