"""One exception tree for the whole domain. Every error carries a stable code and a hint that says what to do.

KlingError                      code, message, hint
├── InputError                  bad input: costs nothing, nothing is uploaded
│   ├── PathNotAllowed          outside KLING_V2A_ALLOWED_DIRS, or inside a hidden folder
│   ├── InputNotFound           no such file
│   ├── NotAVideo               PyAV finds no video stream (empty, corrupt, audio-only, text ...)
│   ├── VideoOutOfLimits        duration, size or container outside what can be prepared
│   ├── PromptTooLong           a prompt over 200 characters
│   ├── BadUrl                  not http(s), or a host that may not be fetched
│   ├── DownloadFailed          the URL's server could not be reached or dropped the download
│   └── PlayerRefused           the player app asked for another job's files, or a file that is not a result
├── ConfigError                 unwritable folder, bad variable
│   ├── MissingKey              no FAL_KEY: says where to set it
│   ├── OutputFolderError       the output folder cannot be created or written, or has no room for the results
│   │   └── OutputWriteFailed   writing the results failed after fal's call (disk full, made read-only ...)
│   └── DataDirError            the data folder (ledger, inputs, work) cannot be written, or the ledger is damaged
├── BudgetExceeded              KLING_V2A_DAILY_BUDGET_USD would be crossed
├── JobNotFound                 no job with that id in the ledger
├── SubmitUncertain             stopped between sending a submit and fal's answer: it may have been charged
├── EngineError                 fal said no, after fal-client's own retries
│   ├── FalAuthError            401/403: the key is wrong
│   ├── FalValidationError      422: fal refused an input field
│   ├── FalRateLimited          429 after retries
│   ├── FalServerError          5xx, timeouts, dropped connections
│   ├── ResultNotFetched        a paid request's result could not be fetched in time (kept, recoverable)
│   ├── FalResultError          the model failed
│   │   └── FalResultExpired    the result files expired before download
│   └── FalCancelled            the request was cancelled
└── MediaError                  PyAV failed while preparing or writing media
"""

from __future__ import annotations


class KlingError(Exception):
    """Base of every error the domain raises on purpose."""

    code = "error"
    default_hint = ""

    def __init__(self, message: str, *, hint: str | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint if hint is not None else self.default_hint
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip() if self.hint else self.message


class InputError(KlingError):
    code = "invalid_input"


class PathNotAllowed(InputError):
    code = "path_not_allowed"
    default_hint = (
        "Move the file into an allowed folder, or add its folder to KLING_V2A_ALLOWED_DIRS "
        "(os.pathsep-separated) in the server's environment."
    )


class InputNotFound(InputError):
    code = "input_not_found"
    default_hint = "Check the path: use an absolute path or one starting with ~."


class NotAVideo(InputError):
    code = "not_a_video"
    default_hint = "Pass a video file (MP4, MOV, WebM, MKV, AVI, GIF) that plays in a media player."


class VideoOutOfLimits(InputError):
    code = "video_out_of_limits"


class PromptTooLong(InputError):
    code = "prompt_too_long"
    default_hint = 'Shorten it to 200 characters or fewer, or call again with lint="fix" to shorten it at item boundaries.'


class BadUrl(InputError):
    code = "bad_url"
    default_hint = "Pass an http(s) URL to a public video, or a local path."


class DownloadFailed(InputError):
    """The video named by URL could not be downloaded: its server, not fal, was out of reach."""

    code = "download_failed"
    default_hint = (
        "Check the network connection and that the URL opens in a browser, or download the clip and pass its "
        "local path."
    )


class ConfigError(KlingError):
    code = "config_error"


class MissingKey(ConfigError):
    code = "missing_fal_key"
    default_hint = (
        'Set FAL_KEY in the server\'s environment: in mcp.json, under "env": {"FAL_KEY": "..."} for this server, '
        "then restart the client. Keys are at fal.ai/dashboard/keys."
    )


class OutputFolderError(ConfigError):
    """Codes: output_dir_unwritable (cannot be created or written), output_dir_full (no room for the results)."""

    code = "output_dir_unwritable"
    default_hint = "Pass another output_dir, or set KLING_V2A_OUTPUT_DIR to a folder that can be written."


class OutputWriteFailed(OutputFolderError):
    """Writing the results failed after fal's call: fal's soundtrack is still in the data folder."""

    code = "output_write_failed"
    default_hint = (
        "Free space on that disk or make the folder writable (or pass another output_dir), then call "
        "score_video again with the same prompts: fal's soundtrack is kept, so it is not paid for again."
    )


class DataDirError(ConfigError):
    code = "data_dir_unusable"
    default_hint = (
        "Set KLING_V2A_DATA_DIR to a folder this user can write (or fix the permissions of this one), then "
        "restart the server."
    )


class BudgetExceeded(KlingError):
    code = "budget_exceeded"
    default_hint = (
        "Raise KLING_V2A_DAILY_BUDGET_USD in the server's environment, or wait until tomorrow (UTC)."
    )


class JobNotFound(KlingError):
    code = "job_not_found"
    default_hint = "Call list_jobs to see the job ids this server knows."


class SubmitUncertain(KlingError):
    """A process stopped between sending a submit and recording fal's answer: fal may have the request (and
    charge it), but without its id the result cannot be fetched. It is sent again only when the user says so."""

    code = "submit_uncertain"
    default_hint = (
        "To send it again (a possible second charge for it), call score_video with the same arguments and "
        "resubmit=true; for a whole new take pass reuse=false instead."
    )


class EngineError(KlingError):
    code = "fal_error"
    default_hint = "Try again in a minute; if it keeps failing, check status.fal.ai."


class FalAuthError(EngineError):
    code = "fal_auth"
    default_hint = "fal refused the key: check FAL_KEY (fal.ai/dashboard/keys) and restart the client."


class FalValidationError(EngineError):
    code = "fal_validation"
    default_hint = "Change the field fal named and call again; a refused request is not charged."


class FalRateLimited(EngineError):
    code = "fal_rate_limited"
    default_hint = "fal is limiting requests: wait a minute, or lower KLING_V2A_MAX_CONCURRENCY."


class FalServerError(EngineError):
    code = "fal_unavailable"


class ResultNotFetched(EngineError):
    """A charged request (its fal request id is in the ledger) whose status or result could not be fetched within
    the patience: fal keeps results for a while, so the job can fetch it later without a new submit."""

    code = "result_not_fetched"
    default_hint = (
        "Nothing more is charged: call get_job with this job_id (or score_video with the same arguments) to fetch "
        "the result again once fal can be reached; fal keeps results for about an hour."
    )


class FalResultError(EngineError):
    code = "fal_result"
    default_hint = "Call score_video again; if the same clip keeps failing, try a simpler prompt."


class FalResultExpired(FalResultError):
    """The model finished, but its files were gone before they could be downloaded (not retried: it was charged)."""

    default_hint = "Call score_video again with reuse=false to regenerate it."


class FalCancelled(EngineError):
    code = "cancelled"
    default_hint = ""


class MediaError(KlingError):
    code = "media_error"
    default_hint = "The file may be damaged: re-export it as H.264 MP4 and try again."


class PlayerRefused(InputError):
    code = "not_this_job"
    default_hint = (
        "The player reads only the result files of the job it was opened for: open the player from that job."
    )
