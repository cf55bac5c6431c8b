"""Where inputs may be read from and outputs written to: allowed folders, no hidden folders, symlinks resolved."""

from __future__ import annotations

import ipaddress
import os
import re
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlparse

from tools.errors import BadUrl, InputNotFound, OutputFolderError, PathNotAllowed

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")


def is_url(video: str) -> bool:
    """Whether the caller passed a URL (any scheme but a Windows drive letter) rather than a path."""
    return bool(_SCHEME.match(video.strip()))


def is_loopback(host: str) -> bool:
    """Whether a host is this machine only: localhost, 127.0.0.0/8 or ::1."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_url(url: str) -> str:
    """Accept http(s) URLs with a host; refuse every other scheme."""
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise BadUrl(f"{url!r} is not an http(s) URL (scheme {parsed.scheme or 'missing'!r}).")
    return url


def _hidden_part(path: Path, root: Path) -> str | None:
    for part in path.relative_to(root).parts:
        if part.startswith("."):
            return part
    return None


def _inside(path: Path, roots: tuple[Path, ...]) -> Path | None:
    for root in roots:
        root = root.resolve()
        if path == root or root in path.parents:
            return root
    return None


def _allowed_list(roots: tuple[Path, ...]) -> str:
    return os.pathsep.join(str(r) for r in roots)


def resolve_input(video: str, allowed_dirs: tuple[Path, ...]) -> Path:
    """Resolve a local input path (absolute or ~), following symlinks, and check it is allowed and exists."""
    raw = video.strip()
    if not raw:
        raise InputNotFound(
            "No video was given.", hint="Pass an absolute path, a path starting with ~, or a URL."
        )
    expanded = Path(raw).expanduser()
    if not expanded.is_absolute():
        raise InputNotFound(
            f"{raw!r} is a relative path; the server cannot know which folder it is relative to.",
            hint="Pass an absolute path, or one starting with ~.",
        )
    path = expanded.resolve()
    root = _inside(path, allowed_dirs)
    if root is None:
        raise PathNotAllowed(f"{raw} is outside the allowed folders ({_allowed_list(allowed_dirs)}).")
    hidden = _hidden_part(path, root)
    if hidden is not None:
        raise PathNotAllowed(
            f"{raw} is inside a hidden folder or is a hidden file ({hidden!r}); those are never read.",
            hint="Copy the clip to a normal folder, such as your Videos folder, and pass that path.",
        )
    if not path.exists():
        raise InputNotFound(f"{raw} does not exist.")
    if not path.is_file():
        raise InputNotFound(f"{raw} is not a file.", hint="Pass the path of one video file.")
    return path


def resolve_output_dir(folder: str | Path, allowed_dirs: tuple[Path, ...]) -> Path:
    """Resolve an output folder, check it is allowed, and create it."""
    path = Path(folder).expanduser()
    if not path.is_absolute():
        raise PathNotAllowed(
            f"output_dir {str(folder)!r} is a relative path.",
            hint="Pass an absolute output_dir, or one starting with ~.",
        )
    path = path.resolve()
    root = _inside(path, allowed_dirs)
    if root is None:
        raise PathNotAllowed(
            f"output_dir {path} is outside the allowed folders ({_allowed_list(allowed_dirs)})."
        )
    hidden = _hidden_part(path, root)
    if hidden is not None:
        raise PathNotAllowed(f"output_dir {path} is inside a hidden folder ({hidden!r}).")
    return check_output_folder(path, "output_dir")


def _fix_for(origin: str) -> str:
    if origin == "output_dir":
        return "pass another output_dir inside the allowed folders"
    return f"pass an output_dir, or set {origin} to another folder"


def check_output_folder(path: Path, origin: str) -> Path:
    """Create the output folder if needed and prove a file can be written in it (a read-only disk, a folder
    of another user's ...), before anything is uploaded. `origin` names where the folder came from."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path, prefix=".kling-v2a-check-") as probe:
            probe.write(b"x")
            probe.flush()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise OutputFolderError(
            f"The output folder {path} cannot be written: {reason}.",
            hint=f"Make {path} writable, or {_fix_for(origin)}.",
        ) from None
    return path


# What the results of a clip take at most beside its picture: the MP3 and the scored video's soundtrack, at up
# to 320 kbit/s each, and a margin for the containers.
_AUDIO_BYTES_PER_S = 2 * 40_000
_MARGIN_BYTES = 4_000_000


def results_size(source: Path, duration_s: float) -> int:
    """An upper estimate of the bytes a job writes to the output folder: the picture copied, and its sound."""
    return source.stat().st_size + int(duration_s * _AUDIO_BYTES_PER_S) + _MARGIN_BYTES


def check_room(path: Path, needed: int) -> None:
    """Refuse before any upload when the output folder's disk lacks room for the results."""
    free = shutil.disk_usage(path).free
    if free < needed:
        raise OutputFolderError(
            f"The output folder {path} has {free / 1e6:.1f} MB free; the results of this clip need about "
            f"{needed / 1e6:.1f} MB.",
            hint=f"Free {(needed - free) / 1e6:.0f} MB or more on that disk, or pass another output_dir.",
            code="output_dir_full",
        )
