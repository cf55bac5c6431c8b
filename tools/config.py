"""Configuration, read once from the environment into a frozen dataclass and passed down."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from tools.errors import ConfigError
from tools.finish.options import LOUDEST_LUFS, QUIETEST_LUFS
from tools.oauth_config import OAuthSettings, load_oauth, oauth_description

DEFAULT_WAIT_SECONDS = 40.0
DEFAULT_DAILY_BUDGET_USD = 5.0
DEFAULT_MAX_CONCURRENCY = 4
DEFAULT_MAX_INPUT_SECONDS = 600.0
DEFAULT_INPUTS_CAP_MB = 2000.0
# A typical home uplink (cable and DSL plans upload at 10 to 40 Mbit/s): what the upload proxy's estimate assumes.
DEFAULT_UPLINK_MBPS = 20.0


def _videos_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_videos_dir())


def _data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("kling-v2a", appauthor=False))


@dataclass(frozen=True)
class Config:
    """The effective configuration of one server or CLI process."""

    fal_key: str | None = field(default=None, repr=False)
    output_dir: Path = field(default_factory=lambda: _videos_dir() / "kling-v2a")
    allowed_dirs: tuple[Path, ...] = field(default_factory=lambda: (Path.home(),))
    data_dir: Path = field(default_factory=_data_dir)
    fal_url: str | None = None
    wait_seconds: float = DEFAULT_WAIT_SECONDS
    daily_budget_usd: float = DEFAULT_DAILY_BUDGET_USD
    max_concurrency: int = DEFAULT_MAX_CONCURRENCY
    max_input_seconds: float = DEFAULT_MAX_INPUT_SECONDS
    inputs_cap_mb: float = DEFAULT_INPUTS_CAP_MB
    loudness_lufs: float | None = None
    uplink_mbps: float = DEFAULT_UPLINK_MBPS
    http_token: str | None = field(default=None, repr=False)
    http_allowed_hosts: tuple[str, ...] = ()
    http_tokens_file: Path | None = None
    oauth: OAuthSettings | None = None

    @property
    def has_key(self) -> bool:
        """Whether a fal key is configured."""
        return bool(self.fal_key)

    def describe(self) -> dict[str, object]:
        """The configuration as plain data, with secrets shown only as present or absent."""
        return {
            "FAL_KEY": "set" if self.has_key else "not set",
            "KLING_V2A_OUTPUT_DIR": str(self.output_dir),
            "KLING_V2A_ALLOWED_DIRS": [str(p) for p in self.allowed_dirs],
            "KLING_V2A_DATA_DIR": str(self.data_dir),
            "KLING_V2A_FAL_URL": self.fal_url,
            "KLING_V2A_WAIT_SECONDS": self.wait_seconds,
            "KLING_V2A_DAILY_BUDGET_USD": self.daily_budget_usd,
            "KLING_V2A_MAX_CONCURRENCY": self.max_concurrency,
            "KLING_V2A_MAX_INPUT_SECONDS": self.max_input_seconds,
            "KLING_V2A_INPUTS_CAP_MB": self.inputs_cap_mb,
            "KLING_V2A_LOUDNESS_LUFS": self.loudness_lufs,
            "KLING_V2A_UPLINK_MBPS": self.uplink_mbps,
            "KLING_V2A_HTTP_TOKEN": "set" if self.http_token else "not set",
            "KLING_V2A_HTTP_ALLOWED_HOSTS": list(self.http_allowed_hosts),
            "KLING_V2A_HTTP_TOKENS_FILE": str(self.http_tokens_file) if self.http_tokens_file else None,
            **oauth_description(self.oauth),
        }


def _number(env: Mapping[str, str], name: str, default: float, *, minimum: float = 0.0) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(
            f"{name}={raw!r} is not a number.", hint=f"Set {name} to a number such as {default:g}."
        ) from None
    if value < minimum:
        raise ConfigError(f"{name}={raw!r} is below {minimum:g}.", hint=f"Set {name} to {minimum:g} or more.")
    return value


def _loudness(env: Mapping[str, str]) -> float | None:
    """KLING_V2A_LOUDNESS_LUFS: the loudness target score_video uses when a call gives none."""
    name = "KLING_V2A_LOUDNESS_LUFS"
    raw = env.get(name, "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if not QUIETEST_LUFS <= value <= LOUDEST_LUFS:
        raise ConfigError(
            f"{name}={raw!r} is not a loudness between {QUIETEST_LUFS:g} and {LOUDEST_LUFS:g} LUFS.",
            hint=f"Set {name} to -14 (YouTube, TikTok, Instagram), -16 (podcasts) or -23 (broadcast), "
            "or leave it empty to keep each soundtrack's own level.",
        )
    return value


def _path(raw: str) -> Path:
    return Path(raw).expanduser().resolve()


def _fal_key(env: Mapping[str, str]) -> str | None:
    key = env.get("FAL_KEY", "").strip()
    if key:
        return key
    key_id, secret = env.get("FAL_KEY_ID", "").strip(), env.get("FAL_KEY_SECRET", "").strip()
    if key_id and secret:
        return f"{key_id}:{secret}"
    return None


def load_config(env: Mapping[str, str] | None = None) -> Config:
    """Read the configuration from an environment mapping (os.environ by default)."""
    env = os.environ if env is None else env
    kwargs: dict[str, object] = {}
    if raw := env.get("KLING_V2A_OUTPUT_DIR", "").strip():
        kwargs["output_dir"] = _path(raw)
    if raw := env.get("KLING_V2A_ALLOWED_DIRS", "").strip():
        kwargs["allowed_dirs"] = tuple(_path(p) for p in raw.split(os.pathsep) if p.strip())
    if raw := env.get("KLING_V2A_DATA_DIR", "").strip():
        kwargs["data_dir"] = _path(raw)
    if raw := env.get("KLING_V2A_HTTP_TOKENS_FILE", "").strip():
        kwargs["http_tokens_file"] = _path(raw)
    fal_url = env.get("KLING_V2A_FAL_URL", "").strip().rstrip("/") or None
    if fal_url and not fal_url.startswith(("http://", "https://")):
        raise ConfigError(
            f"KLING_V2A_FAL_URL={fal_url!r} is not an http(s) URL.",
            hint="Set it to a base URL such as http://127.0.0.1:8787, or unset it to use fal.",
        )
    return Config(
        fal_key=_fal_key(env),
        fal_url=fal_url,
        wait_seconds=_number(env, "KLING_V2A_WAIT_SECONDS", DEFAULT_WAIT_SECONDS),
        daily_budget_usd=_number(env, "KLING_V2A_DAILY_BUDGET_USD", DEFAULT_DAILY_BUDGET_USD),
        max_concurrency=int(_number(env, "KLING_V2A_MAX_CONCURRENCY", DEFAULT_MAX_CONCURRENCY, minimum=1)),
        max_input_seconds=_number(env, "KLING_V2A_MAX_INPUT_SECONDS", DEFAULT_MAX_INPUT_SECONDS, minimum=3),
        inputs_cap_mb=_number(env, "KLING_V2A_INPUTS_CAP_MB", DEFAULT_INPUTS_CAP_MB),
        loudness_lufs=_loudness(env),
        uplink_mbps=_number(env, "KLING_V2A_UPLINK_MBPS", DEFAULT_UPLINK_MBPS, minimum=0.1),
        http_token=env.get("KLING_V2A_HTTP_TOKEN", "").strip() or None,
        http_allowed_hosts=tuple(
            h.strip() for h in env.get("KLING_V2A_HTTP_ALLOWED_HOSTS", "").split(",") if h.strip()
        ),
        oauth=load_oauth(env),
        **kwargs,  # type: ignore[arg-type]
    )
