"""`kling-v2a`: score, lint and inspect clips from a terminal, follow jobs, serve MCP, and check the setup.

Results go to stdout (JSON with --json); progress, lint notes and errors go to stderr.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Awaitable, Callable

import anyio

from server import cli_tokens
from server.cli_exit import (
    EXIT_CODES_HELP,
    INTERRUPTED,
    PIPE_CLOSED,
    USAGE,
    code_for_error,
    hint_for_cli,
)
from server.cli_jobs import Started, pending_note
from server.cli_takes import parse_take
from server.cli_term import Out
from server.cli_words import for_cli
from tools import __version__
from tools.config import Config, load_config
from tools.errors import KlingError

log = logging.getLogger("kling-v2a")

DESCRIPTION = """\
Give silent clips a soundtrack with Kling Video to Audio on fal, from a terminal.
The same engine, ledger and output folder as the kling-v2a MCP server: jobs started here show up there."""

EXAMPLES = """\
examples:
  kling-v2a doctor
  kling-v2a lint "footsteps on gravel, a door slams at the end" --music "slow piano, 70 BPM"
  kling-v2a inspect ~/Videos/walk.mov
  kling-v2a score ~/Videos/walk.mov --sfx "footsteps on gravel, birdsong" --music "slow piano, 70 BPM"
  kling-v2a jobs list --status running
  kling-v2a score clip.mp4 --json | jq -r .video_path
"""


JOB_STATUSES = ["preparing", "uploading", "queued", "running", "completed", "failed", "cancelled"]


def _frames(text: str) -> int:
    value = int(text)
    if not 1 <= value <= 12:
        raise argparse.ArgumentTypeError("must be from 1 to 12")
    return value


def _loudness(text: str) -> float:
    from tools.finish.options import LOUDEST_LUFS, QUIETEST_LUFS

    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not QUIETEST_LUFS <= value <= LOUDEST_LUFS:
        raise argparse.ArgumentTypeError(
            f"must be a loudness from {QUIETEST_LUFS:g} to {LOUDEST_LUFS:g} LUFS, e.g. -14 or -23"
        )
    return value


def _positive(text: str) -> float:
    value = float(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def _output_flags(parser: argparse.ArgumentParser, *, nested: bool = False) -> None:
    # Flags repeated on a nested verb must not reset what the outer verb already parsed.
    default = argparse.SUPPRESS if nested else False
    parser.add_argument(
        "--json", action="store_true", default=default, help="print the result as JSON on stdout"
    )
    parser.add_argument("-v", "--verbose", action="store_true", default=default, help="log to stderr")


def _wait_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--wait", type=_positive, metavar="SECONDS", help="stop waiting after this long (default: until done)"
    )
    parser.add_argument("--no-progress", action="store_true", help="no progress bar or progress lines")


def _list_flags(parser: argparse.ArgumentParser, *, nested: bool = False) -> None:
    parser.add_argument(
        "--limit", type=int, default=argparse.SUPPRESS if nested else 20, help="how many (default 20)"
    )
    parser.add_argument(
        "--status",
        choices=JOB_STATUSES,
        default=argparse.SUPPRESS if nested else None,
        help="only this status",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every verb."""
    parser = argparse.ArgumentParser(
        prog="kling-v2a",
        description=DESCRIPTION,
        epilog=EXAMPLES + "\n" + EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"kling-v2a {__version__}")
    verbs = parser.add_subparsers(dest="verb", metavar="VERB")

    score = verbs.add_parser(
        "score",
        help="give a clip a soundtrack",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    score.add_argument("video", metavar="VIDEO", help="a local path or an http(s) URL")
    score.add_argument("--sfx", metavar="TEXT", default="", help="sound effect prompt (max 200 characters)")
    score.add_argument(
        "--music", metavar="TEXT", default="", help="background music prompt (max 200 characters)"
    )
    score.add_argument("--asmr", action="store_true", help="ASMR mode: close-up tactile detail")
    score.add_argument(
        "--lint", choices=["warn", "fix", "off"], default="warn", help="lint mode (default: warn)"
    )
    score.add_argument("--out", metavar="DIR", help="output folder (default: KLING_V2A_OUTPUT_DIR)")
    score.add_argument(
        "--no-reuse", action="store_true", help="score again even if an identical result exists"
    )
    score.add_argument(
        "--original",
        choices=["replace", "mix", "duck"],
        default="replace",
        help="the clip's own audio: replace it (default), mix it with the new soundtrack, or duck the new "
        "soundtrack under it wherever it is active (speech, commentary)",
    )
    score.add_argument(
        "--loudness",
        type=_loudness,
        metavar="LUFS",
        help="level the final soundtrack to this loudness, true peak at most -1 dBTP: -14 for YouTube, TikTok "
        "and Instagram, -23 for broadcast (default: KLING_V2A_LOUDNESS_LUFS, else the level is left)",
    )
    score.add_argument(
        "--upload",
        choices=["auto", "original"],
        default="auto",
        help="auto: send fal a moderate proxy when that is faster on KLING_V2A_UPLINK_MBPS (default); "
        "original: send the clip itself",
    )
    score.add_argument(
        "--take",
        dest="takes",
        action="append",
        type=parse_take,
        metavar='"SFX | MUSIC"',
        help="a prompt variant (repeat for up to 4 takes, scored at once; instead of --sfx/--music)",
    )
    score.add_argument(
        "--resubmit",
        action="store_true",
        help="send again a call whose earlier submit may have reached fal (a job stopped with submit_uncertain)",
    )
    _wait_flags(score)
    _output_flags(score)

    lint = verbs.add_parser("lint", help="check and rewrite sound prompts (offline; exit 1 if not clean)")
    lint.add_argument("sfx_prompt", metavar="SFX_PROMPT", nargs="?", default="", help="sound effect prompt")
    lint.add_argument("--music", metavar="TEXT", default="", help="background music prompt")
    lint.add_argument("--asmr", action="store_true", help="ASMR mode will be on")
    lint.add_argument("--scene", metavar="TEXT", help="what the picture shows")
    _output_flags(lint)

    inspect = verbs.add_parser("inspect", help="metadata, plan and cost, picture events, contact sheet")
    inspect.add_argument("video", metavar="VIDEO", help="a local path or an http(s) URL")
    inspect.add_argument("--frames", type=_frames, default=6, metavar="N", help="keyframes, 1-12 (default 6)")
    _output_flags(inspect)

    jobs = verbs.add_parser("jobs", help="list, show, cancel, wait on or prune jobs (default: list)")
    _list_flags(jobs)
    _output_flags(jobs)
    actions = jobs.add_subparsers(dest="action", metavar="ACTION")
    listing = actions.add_parser("list", help="jobs, newest first")
    _list_flags(listing, nested=True)
    _output_flags(listing, nested=True)
    for name, text in (
        ("show", "one job as the ledger has it"),
        ("cancel", "cancel a job here and on fal"),
        ("wait", "follow a job until it ends, carrying it on if no other process is"),
    ):
        action = actions.add_parser(name, help=text)
        action.add_argument("job_id", metavar="ID")
        if name == "wait":
            _wait_flags(action)
        _output_flags(action, nested=True)

    prune = actions.add_parser(
        "prune",
        help="clean the data folder's work and input folders; never an unfinished job's files",
        description="Remove partial downloads, what finished jobs derived on the way, and downloaded inputs "
        "beyond KLING_V2A_INPUTS_CAP_MB (this runs by itself at every server start). With --older-than or "
        "--max-size, also finished jobs' kept soundtracks from fal (their reuse then costs a new call).",
    )
    prune.add_argument(
        "--older-than",
        type=_positive,
        metavar="DAYS",
        help="also remove finished jobs' files older than this",
    )
    prune.add_argument(
        "--max-size",
        type=_positive,
        metavar="MB",
        help="also remove the oldest finished jobs' files until the work and input folders fit in this",
    )
    prune.add_argument("--dry-run", action="store_true", help="only say what would be removed")
    _output_flags(prune, nested=True)

    serve = verbs.add_parser("serve", help="run the MCP server (what MCP clients launch)")
    serve.add_argument("--transport", choices=["stdio", "http"], default="stdio")
    serve.add_argument("--host", default="127.0.0.1", help="http: bind address (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8765, help="http: port (default 8765)")
    serve.add_argument("--log-level", default="INFO")

    cli_tokens.add_parser(verbs)
    _output_flags(verbs.add_parser("config", help="the effective configuration (the key as set / not set)"))
    _output_flags(verbs.add_parser("doctor", help="check the key, folders, PyAV and the way to fal"))
    return parser


def _setup_logging(verbose: bool) -> None:
    from server.main import CHATTY_LOGGERS

    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        stream=sys.stderr,
        format="%(levelname)s %(name)s: %(message)s",
    )
    for name in CHATTY_LOGGERS:  # -v shows the job's state changes, not every HTTP request
        logging.getLogger(name).setLevel(logging.WARNING)


def _report_error(exc: KlingError, as_json: bool, out: Out, err: Out) -> int:
    hint, message = for_cli(hint_for_cli(exc)), for_cli(exc.message)
    if as_json:
        out.json({"error": {"code": exc.code, "message": message, "hint": hint}})
    else:
        err.line(f"{err.style('error', 'red', 'bold')} [{exc.code}] {message}")
        if hint:
            err.line(f"{err.style('fix', 'yellow', 'bold')}   {hint}")
    return code_for_error(exc)


def _serve(args: argparse.Namespace) -> int:
    from server.main import setup_logging

    setup_logging(args.log_level)
    err = Out(sys.stderr)
    try:
        config = load_config()
        if args.transport == "http":
            from server.streamable import run_http

            run_http(config, host=args.host, port=args.port)
        else:
            from server.app import build_server
            from server.main import hint_if_terminal
            from server.stopping import run_stdio

            hint_if_terminal()
            run_stdio(build_server(config))
    except KlingError as exc:
        return _report_error(exc, False, Out(sys.stdout), err)
    except KeyboardInterrupt:
        return INTERRUPTED
    return 0


def _run_async(make: Callable[[], Awaitable[int]]) -> int:
    async def body() -> int:
        return await make()

    return anyio.run(body, backend="asyncio")


def dispatch(args: argparse.Namespace, out: Out, err: Out, started: Started) -> int:
    """Run one verb; KlingError and KeyboardInterrupt are handled by main."""
    from server import cli_doctor, cli_jobs, cli_lint

    if args.verb == "config":
        return cli_doctor.show_config(args.json, out)
    if args.verb == "doctor":
        return cli_doctor.doctor(args.json, out)
    if args.verb == "lint":
        return cli_lint.lint(args, out)
    config: Config = load_config()
    if args.verb == "tokens":
        return cli_tokens.tokens(args, config, out, err)
    if args.verb == "inspect":
        return _run_async(lambda: cli_lint.inspect(args, config, out))
    if args.verb == "score":
        return _run_async(lambda: cli_jobs.score(args, config, out, err, started))
    return _run_async(lambda: cli_jobs.jobs(args, config, out, err, started))


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.verb is None:
        parser.print_help(sys.stderr)
        return USAGE
    if args.verb == "serve":
        return _serve(args)
    _setup_logging(args.verbose)
    out, err = Out(sys.stdout), Out(sys.stderr)
    started = Started()
    try:
        return dispatch(args, out, err, started)
    except KlingError as exc:
        return _report_error(exc, args.json, out, err)
    except KeyboardInterrupt:
        err.line("")
        err.line(f"{err.style('interrupted', 'yellow', 'bold')} {pending_note(started.job_id)}".rstrip())
        return INTERRUPTED
    except BrokenPipeError:
        # The reader left (| head): stop quietly, and keep Python's final flush from failing again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return PIPE_CLOSED


if __name__ == "__main__":
    raise SystemExit(main())
