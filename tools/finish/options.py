"""What a caller asks of the finishing: the clip's own audio, and a loudness target."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, get_args

from tools.errors import InputError

OriginalAudio = Literal["replace", "mix", "duck"]
ORIGINAL_AUDIO: tuple[str, ...] = get_args(OriginalAudio)
# The targets people use lie between -9 (very loud) and -31 LUFS (quiet cinema dialogue); past these the
# true-peak ceiling or the noise floor makes a target meaningless.
LOUDEST_LUFS = -9.0
QUIETEST_LUFS = -40.0
TRUE_PEAK_CEILING_DBTP = -1.0


@dataclass(frozen=True)
class Finish:
    """How the final soundtrack is made from fal's: `original_audio` and `loudness_lufs` as score_video takes them."""

    original_audio: OriginalAudio = "replace"
    loudness_lufs: float | None = None

    def __post_init__(self) -> None:
        if self.original_audio not in ORIGINAL_AUDIO:
            raise InputError(
                f"original_audio={self.original_audio!r} is not one of {', '.join(ORIGINAL_AUDIO)}.",
                hint="Pass replace (the new soundtrack alone), mix (both together) or duck (the new "
                "soundtrack dips under the clip's own audio).",
            )
        if self.loudness_lufs is not None and not QUIETEST_LUFS <= self.loudness_lufs <= LOUDEST_LUFS:
            raise InputError(
                f"loudness_lufs={self.loudness_lufs:g} is outside {QUIETEST_LUFS:g}..{LOUDEST_LUFS:g} LUFS.",
                hint="Use -14 for YouTube, TikTok and Instagram, -16 for podcasts, -23 for broadcast "
                "(EBU R128), or null to leave the level as it is.",
            )

    @property
    def is_default(self) -> bool:
        """Whether this is today's behaviour: fal's soundtrack alone, at its own level."""
        return self.original_audio == "replace" and self.loudness_lufs is None

    def as_json(self) -> dict[str, Any]:
        """Plain data for the ledger and for cache keys."""
        return {"original_audio": self.original_audio, "loudness_lufs": self.loudness_lufs}

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Finish:
        """The finishing a ledger row recorded (none recorded: the default)."""
        if not data:
            return cls()
        return cls(
            original_audio=data.get("original_audio", "replace"), loudness_lufs=data.get("loudness_lufs")
        )
