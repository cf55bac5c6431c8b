"""What the CLI's exit codes mean, and how errors and finished jobs map onto them."""

from __future__ import annotations

import os

from tools.errors import (
    BudgetExceeded,
    ConfigError,
    DataDirError,
    DownloadFailed,
    EngineError,
    FalAuthError,
    FalResultError,
    FalResultExpired,
    FalValidationError,
    InputError,
    InputNotFound,
    JobNotFound,
    KlingError,
    MissingKey,
    OutputWriteFailed,
    PathNotAllowed,
    PromptTooLong,
    ResultNotFetched,
    SubmitUncertain,
)
from tools.models import ScoreJob

OK = 0
FAILED = 1
USAGE = 2
CONFIG = 3
FAL = 4
PENDING = 5
DOWNLOAD = 6
INTERRUPTED = 130
PIPE_CLOSED = 141

EXIT_CODES_HELP = """\
exit codes:
  0    done
  1    the job failed or was cancelled; lint found errors or warnings; doctor: the media check failed
  2    bad arguments or input: a path that is missing or not allowed, not a video, a prompt over 200
       characters, an unknown job id, jobs cancel of a job that has already ended
  3    configuration: no fal key, a bad variable, a folder that cannot be written, the daily budget reached
  4    fal refused the request or could not be reached
  5    the job is still running when the wait ended (follow it with: kling-v2a jobs wait JOB_ID)
  6    the video's URL could not be downloaded (its server, not fal, was out of reach)
  130  interrupted (Ctrl-C); a started job stays in the ledger: kling-v2a jobs wait JOB_ID
  141  the output pipe closed early (as with | head); a started job stays in the ledger"""

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
    "result_not_fetched",
}
_CONFIG_JOB_CODES = {
    "missing_fal_key",
    "config_error",
    "budget_exceeded",
    "data_dir_unusable",
    "output_write_failed",
    "output_dir_full",
    "output_dir_unwritable",
}


def code_for_error(exc: KlingError) -> int:
    """The exit code of an error raised before or instead of a result."""
    if isinstance(exc, DownloadFailed):
        return DOWNLOAD
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
        if code == DownloadFailed.code:
            return DOWNLOAD
        if code in _CONFIG_JOB_CODES:
            return CONFIG
        return FAILED
    return PENDING


# The domain's hints speak to an assistant calling tools; in a terminal they name flags, verbs and the shell.
_CLI_HINTS = {
    MissingKey.default_hint: CLI_KEY_HINT,
    JobNotFound.default_hint: "Run kling-v2a jobs list to see the job ids.",
    InputNotFound.default_hint: "Check the path (a relative path is read from the folder kling-v2a runs in).",
    PromptTooLong.default_hint: (
        "Shorten it to 200 characters or fewer, or run again with --lint fix to shorten it at item boundaries."
    ),
    PathNotAllowed.default_hint: (
        "Move the file into an allowed folder, or add its folder to KLING_V2A_ALLOWED_DIRS "
        f"(folders separated by {os.pathsep!r}); kling-v2a config shows the current ones."
    ),
    BudgetExceeded.default_hint: (
        "Raise KLING_V2A_DAILY_BUDGET_USD in this shell, or wait until tomorrow (UTC)."
    ),
    FalAuthError.default_hint: (
        "fal refused the key: check FAL_KEY (https://fal.ai/dashboard/keys), then run kling-v2a doctor."
    ),
    FalValidationError.default_hint: "Change the field fal named and run again; a refused request is not charged.",
    FalResultExpired.default_hint: "Run kling-v2a score again with --no-reuse to regenerate it.",
    DataDirError.default_hint: (
        "Set KLING_V2A_DATA_DIR to a folder this user can write, or fix the permissions of this one."
    ),
    OutputWriteFailed.default_hint: (
        "Free space on that disk or make the folder writable (or pass --out), then run the same kling-v2a "
        "score again: fal's soundtrack is kept, so it is not paid for again."
    ),
    ResultNotFetched.default_hint: (
        "Nothing more is charged: run kling-v2a jobs wait JOB_ID (or the same kling-v2a score command) to fetch "
        "the result again once fal can be reached; fal keeps results for about an hour."
    ),
    SubmitUncertain.default_hint: (
        "To send it again (a possible second charge for it), run the same kling-v2a score command with "
        "--resubmit; for a whole new take add --no-reuse instead."
    ),
    FalResultError.default_hint: (
        "Run kling-v2a score again; if the same clip keeps failing, try a simpler prompt."
    ),
}


def cli_hint(hint: str) -> str:
    """A hint reworded for a terminal where it starts with one that speaks of tool calls or client configs."""
    for server_words, cli_words in _CLI_HINTS.items():
        if server_words and hint.startswith(server_words):
            return cli_words + hint[len(server_words) :]
    return hint


def hint_for_cli(exc: KlingError) -> str:
    """The error's hint, reworded where the server's hint speaks of tool calls or client configs."""
    if isinstance(exc, MissingKey):
        return CLI_KEY_HINT
    return cli_hint(exc.hint)
