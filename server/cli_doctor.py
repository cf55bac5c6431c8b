"""`kling-v2a config` and `kling-v2a doctor`: the effective configuration, and checks that each say how to fix them."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Mapping
from fractions import Fraction
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from server.cli_exit import CONFIG, FAILED, FAL, OK
from server.cli_term import Out
from tools import __version__
from tools.config import Config, load_config
from tools.errors import ConfigError, KlingError

NETWORK_TIMEOUT_SECONDS = 5.0
KEY_FIX = (
    "Get a key at https://fal.ai/dashboard/keys. In a shell: export FAL_KEY=your-key "
    '(PowerShell: $env:FAL_KEY = "your-key"). For Claude Desktop, Claude Code, Cursor or VS Code: put '
    '"FAL_KEY": "your-key" under "env" of the kling-v2a server in the client\'s MCP config, then restart the '
    "client. Then run kling-v2a doctor again."
)


class Check(BaseModel):
    """One doctor check: what was looked at, what was found, and how to fix it."""

    name: str
    status: Literal["ok", "warn", "fail"]
    detail: str
    fix: str = ""
    exit_code: int = OK


class DoctorReport(BaseModel):
    """Every check, and whether the machine is ready to score clips."""

    version: str
    ok: bool
    checks: list[Check]


def show_config(as_json: bool, out: Out, env: Mapping[str, str] | None = None) -> int:
    """Print the effective configuration; the key and the HTTP token only as set or not set."""
    env = os.environ if env is None else env
    config = load_config(env)
    values = config.describe()
    values["ledger"] = str(config.data_dir / "ledger.sqlite3")
    if as_json:
        out.json({"version": __version__, "config": values})
        return OK
    width = max(len(k) for k in values)
    for name, value in values.items():
        shown = os.pathsep.join(value) if isinstance(value, list) else ("" if value is None else str(value))
        origin = (
            "environment" if env.get(name, "").strip() else ("derived" if name == "ledger" else "default")
        )
        if name == "FAL_KEY" and not env.get("FAL_KEY") and config.has_key:
            origin = "FAL_KEY_ID/FAL_KEY_SECRET"
        colour = "red" if value == "not set" and name == "FAL_KEY" else "bold"
        out.line(f"{name:<{width}}  {out.style(shown or '-', colour)}  {out.style(f'({origin})', 'dim')}")
    return OK


def _check_key(config: Config) -> Check:
    if config.has_key:
        return Check(name="fal key", status="ok", detail="set")
    return Check(
        name="fal key",
        status="fail",
        detail="FAL_KEY is not set, so nothing can be scored (lint and inspect still work)",
        fix=KEY_FIX,
        exit_code=CONFIG,
    )


def _writable(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=folder, prefix=".kling-v2a-doctor-"):
        pass


def _check_output(config: Config) -> Check:
    from tools.paths import resolve_output_dir

    fix = (
        "Set KLING_V2A_OUTPUT_DIR to a folder you can write to, inside one of KLING_V2A_ALLOWED_DIRS "
        f"({os.pathsep}-separated)."
    )
    existed = config.output_dir.is_dir()
    try:
        folder = resolve_output_dir(config.output_dir, config.allowed_dirs)
        _writable(folder)
    except KlingError as exc:
        return Check(name="output folder", status="fail", detail=str(exc), fix=fix, exit_code=CONFIG)
    except OSError as exc:
        detail = f"{config.output_dir} cannot be written: {exc.strerror or exc}"
        return Check(name="output folder", status="fail", detail=detail, fix=fix, exit_code=CONFIG)
    made = "" if existed else " (created)"
    return Check(name="output folder", status="ok", detail=f"{folder} is writable{made}")


def _check_allowed(config: Config) -> Check:
    missing = [str(p) for p in config.allowed_dirs if not p.is_dir()]
    present = [str(p) for p in config.allowed_dirs if p.is_dir()]
    fix = f"Set KLING_V2A_ALLOWED_DIRS to existing folders ({os.pathsep}-separated) that hold your clips."
    if not present:
        return Check(
            name="allowed folders",
            status="fail",
            detail="none of them exists: " + ", ".join(missing),
            fix=fix,
            exit_code=CONFIG,
        )
    if missing:
        return Check(name="allowed folders", status="warn", detail="missing: " + ", ".join(missing), fix=fix)
    return Check(name="allowed folders", status="ok", detail=", ".join(present))


def _check_data(config: Config) -> Check:
    from tools.jobs.ledger import Ledger

    try:
        _writable(config.data_dir)
        ledger = Ledger.in_data_dir(config.data_dir)
        try:
            count = ledger.count_jobs()
        finally:
            ledger.close()
    except Exception as exc:  # any failure to open the ledger is the finding
        from tools.jobs.startup import is_damaged

        fix = (
            "The ledger file is damaged: the next server start, kling-v2a score or kling-v2a jobs moves it aside "
            "(ledger.sqlite3.damaged-<time>) and starts a new one, without the old jobs."
            if is_damaged(exc)
            else "Set KLING_V2A_DATA_DIR to a local folder you can write to (not a network share)."
        )
        return Check(
            name="data folder",
            status="fail",
            detail=f"{config.data_dir}: {exc}",
            fix=fix,
            exit_code=CONFIG,
        )
    return Check(name="data folder", status="ok", detail=f"{config.data_dir} (ledger: {count} job(s))")


def _check_media() -> Check:
    import av
    import numpy as np

    from tools.media.probe import probe

    fix = "Reinstall PyAV from its wheels: pip install --force-reinstall 'av>=14' (they bundle FFmpeg)."
    try:
        missing = [c for c in ("libx264", "aac", "libmp3lame") if not _has_encoder(c)]
        if missing:
            raise RuntimeError("missing encoders: " + ", ".join(missing))
        with tempfile.TemporaryDirectory(prefix="kling-v2a-doctor-") as tmp:
            path = Path(tmp) / "check.mp4"
            with av.open(str(path), "w") as dest:
                stream = dest.add_stream("libx264", rate=Fraction(12))
                stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
                for i in range(12):
                    image = np.full((48, 64, 3), i * 20, dtype=np.uint8)
                    frame = av.VideoFrame.from_ndarray(image, format="rgb24")
                    dest.mux(stream.encode(frame))
                dest.mux(stream.encode(None))
            info = probe(path)
            with av.open(str(path)) as src:
                decoded = sum(1 for _ in src.decode(video=0))
        if decoded != 12 or info.width != 64:
            raise RuntimeError(f"read back {decoded} frame(s) at {info.width}x{info.height}")
    except Exception as exc:  # any failure of the media stack is the finding
        return Check(name="PyAV", status="fail", detail=str(exc), fix=fix, exit_code=FAILED)
    ffmpeg = str(getattr(av, "ffmpeg_version_info", "") or "")
    version = f"PyAV {av.__version__}" + (f" (FFmpeg {ffmpeg})" if ffmpeg else "")
    return Check(name="PyAV", status="ok", detail=f"{version}: wrote and read back an H.264 clip")


def _has_encoder(name: str) -> bool:
    import av

    try:
        av.codec.Codec(name, "w")
    except Exception:
        return False
    return True


def _check_fal(config: Config) -> Check:
    from tools.engine.fal import FalEngine

    answer = FalEngine(config).check_service(timeout=NETWORK_TIMEOUT_SECONDS)
    where = f"{answer.base_url} (KLING_V2A_FAL_URL)" if config.fal_url else answer.base_url
    if answer.status_code is None:
        return Check(
            name="fal reachable",
            status="fail",
            detail=f"could not reach {where}: {answer.error}",
            fix="Check the network connection and any proxy (HTTPS_PROXY, NO_PROXY); fal's status is at "
            "status.fal.ai. Unset KLING_V2A_FAL_URL unless you use a gateway.",
            exit_code=FAL,
        )
    if answer.status_code in (401, 403):
        return Check(
            name="fal reachable",
            status="fail",
            detail=f"{where} answered, but refused the key (HTTP {answer.status_code})",
            fix="Check FAL_KEY: copy it again from https://fal.ai/dashboard/keys (a revoked key is refused).",
            exit_code=CONFIG,
        )
    if config.has_key and answer.status_code < 300:
        return Check(name="fal reachable", status="ok", detail=f"{where} answered and accepted the key")
    note = "" if config.has_key else "; the key was not checked because none is set"
    return Check(
        name="fal reachable", status="ok", detail=f"{where} answered (HTTP {answer.status_code}){note}"
    )


def run_checks(env: Mapping[str, str] | None = None) -> DoctorReport:
    """Run every check; a bad configuration stops the checks that need it."""
    try:
        config = load_config(env)
    except ConfigError as exc:
        bad = Check(name="configuration", status="fail", detail=exc.message, fix=exc.hint, exit_code=CONFIG)
        return DoctorReport(version=__version__, ok=False, checks=[bad, _check_media()])
    steps: list[Callable[[], Check]] = [
        lambda: Check(name="configuration", status="ok", detail="every variable parses"),
        lambda: _check_key(config),
        lambda: _check_allowed(config),
        lambda: _check_output(config),
        lambda: _check_data(config),
        _check_media,
        lambda: _check_fal(config),
    ]
    checks = [step() for step in steps]
    return DoctorReport(version=__version__, ok=all(c.status != "fail" for c in checks), checks=checks)


def doctor(as_json: bool, out: Out) -> int:
    """Print the checks; exit with the code of the first failing one."""
    report = run_checks()
    if as_json:
        out.json(report)
    else:
        marks = {"ok": ("ok", "green"), "warn": ("warn", "yellow"), "fail": ("fail", "red")}
        width = max(len(c.name) for c in report.checks)
        for c in report.checks:
            symbol, colour = marks[c.status]
            out.line(f"{out.style(out.symbol(symbol), colour)} {c.name:<{width}}  {c.detail}")
            if c.fix:
                pad = " " * (len(out.symbol(symbol)) + 1 + width + 2)
                out.line(f"{pad}{out.style('fix:', colour, 'bold')} {c.fix}")
        verdict = "ready to score clips" if report.ok else "not ready: apply the fixes above"
        out.line(out.style(verdict, "green" if report.ok else "red", "bold"))
    return next((c.exit_code for c in report.checks if c.status == "fail"), OK)
