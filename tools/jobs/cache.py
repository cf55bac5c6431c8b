"""Cache keys: a tagged hash of canonical JSON, so an identical request is never paid for twice."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

KEY_VERSION = "v2a1"


def tagged_hash(tag: str, payload: dict) -> str:
    """A stable key for a payload: the tag, then sha256 of its canonical JSON."""
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return f"{KEY_VERSION}:{tag}:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def picture_digest(path: Path) -> str:
    """sha256 of the video stream's packets: the picture, ignoring audio tracks and container metadata."""
    import av

    digest = hashlib.sha256()
    try:
        with av.open(str(path)) as container:
            stream = container.streams.video[0]
            for packet in container.demux(stream):
                if packet.size:
                    digest.update(bytes(packet))
    except (av.error.FFmpegError, IndexError):
        # Unreadable as video: fall back to the file bytes (validation refuses such files anyway).
        digest = hashlib.sha256(path.read_bytes())
    return digest.hexdigest()


def request_key(
    picture: str,
    sound_effect_prompt: str,
    background_music_prompt: str,
    asmr_mode: bool,
    finish: dict | None = None,
) -> str:
    """The key of a whole score request: what fal is sent, and how its soundtrack is finished.

    `finish` (the finishing and, when the clip's own audio is kept, that audio's digest) is left out when it
    is the default, so earlier keys stay valid. fal's calls are keyed by `segment_key` without it: a request
    that differs only in its finishing is a new job whose calls are all reused.
    """
    payload: dict = {
        "picture": picture,
        "sfx": sound_effect_prompt,
        "music": background_music_prompt,
        "asmr": bool(asmr_mode),
    }
    if finish:
        payload["finish"] = finish
    return tagged_hash("job", payload)


def audio_digest(path: Path) -> str:
    """sha256 of the first audio stream's packets ("" when there is none): the clip's own sound."""
    import av

    digest = hashlib.sha256()
    try:
        with av.open(str(path)) as container:
            if not container.streams.audio:
                return ""
            for packet in container.demux(container.streams.audio[0]):
                if packet.size:
                    digest.update(bytes(packet))
    except av.error.FFmpegError:
        return ""
    return digest.hexdigest()


def segment_key(
    picture: str,
    start_s: float,
    end_s: float,
    sound_effect_prompt: str,
    background_music_prompt: str,
    asmr_mode: bool,
) -> str:
    """The key of one fal call: a slice of a picture with its prompts."""
    return tagged_hash(
        "segment",
        {
            "picture": picture,
            "start": round(start_s, 3),
            "end": round(end_s, 3),
            "sfx": sound_effect_prompt,
            "music": background_music_prompt,
            "asmr": bool(asmr_mode),
        },
    )
