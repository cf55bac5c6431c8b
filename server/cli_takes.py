"""`kling-v2a score --take "SFX | MUSIC"`: takes from the command line, and one progress line per take."""

from __future__ import annotations

import argparse

from server.cli_term import Out
from tools.jobs.prepare import Take
from tools.models import ScoreJob


def parse_take(text: str) -> Take:
    """'SFX | MUSIC' (either side may be empty; no bar: sound effects only) as a Take."""
    sfx, bar, music = text.partition("|")
    if text.count("|") > 1:
        raise argparse.ArgumentTypeError(
            f"--take {text!r}: use one '|' between the sound effects and the music"
        )
    return Take(sound_effect_prompt=sfx.strip(), background_music_prompt=music.strip() if bar else "")


class TakeLines:
    """Prints a take's line whenever its status or whole percent changes (a line per take, never redrawn)."""

    def __init__(self, err: Out) -> None:
        self.err = err
        self.seen: dict[int, tuple[str, int]] = {}

    def update(self, job: ScoreJob, fractions: dict[str, float]) -> None:
        """Report the takes of a takes job whose state moved since the last call."""
        for take in sorted(job.takes, key=lambda t: t.index):
            percent = round(100 * (1.0 if take.status == "completed" else fractions.get(take.job_id, 0.0)))
            state = (take.status, percent // 10)
            if self.seen.get(take.index) == state:
                continue
            self.seen[take.index] = state
            why = f": {take.error.message}" if take.error else ""
            self.err.line(f"take {take.index}: {take.status} {percent}%{why}")
