"""A long clip's report is measured while its soundtrack is encoded: the same figures as reading the files back."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from tests import meter
from tests.fakefal import media
from tests.playback import assert_plays
from tests.tools.inspection.synth import make_cuts
from tools.errors import MediaError
from tools.finish import loudness
from tools.finish.loudness import LoudnessMeter, measure
from tools.jobs.prepare import ScoreRequest
from tools.jobs.runner import JobRunner
from tools.review import onsets as onsets_module
from tools.review.kept import read_kept
from tools.review.onsets import EnvelopeMeter, onsets
from tools.review.sync import review_soundtrack

pytestmark = pytest.mark.anyio

RATE = 48_000  # the independent meter's rate
# Uneven block sizes: a meter must not care where the blocks are cut.
CHUNKS = (1, 39, 4096, 777, 13_000, 40_000)


def _pieces(pcm: np.ndarray) -> list[np.ndarray]:
    out, at, i = [], 0, 0
    while at < pcm.shape[1]:
        n = CHUNKS[i % len(CHUNKS)]
        out.append(pcm[:, at : at + n])
        at, i = at + n, i + 1
    return out


def _sound(seconds: float) -> np.ndarray:
    mono = media.synthesize(seconds, 330.0, RATE).astype(np.float32)
    return np.stack([mono, 0.5 * mono])  # stereo, the channels unlike


def test_the_loudness_meter_fed_in_pieces_gives_the_figures_of_the_whole():
    pcm = _sound(6.0)
    fed = LoudnessMeter(RATE, "stereo")
    for piece in _pieces(pcm):
        fed.push(piece)
    got, whole = fed.result(), measure(pcm, RATE)
    assert got == whole
    assert got.integrated_lufs is not None
    assert got.integrated_lufs == pytest.approx(meter.integrated_lufs(pcm.astype(np.float64)), abs=0.5)
    assert got.duration_s == pytest.approx(6.0)


def test_the_envelope_meter_fed_in_pieces_finds_the_onsets_of_the_whole():
    pcm = _sound(4.0)
    fed = EnvelopeMeter(RATE, 2)
    for piece in _pieces(pcm):
        fed.push(piece)
    got = fed.result()
    whole = EnvelopeMeter(RATE, 2)
    whole.push(pcm)
    reference = whole.result()
    assert np.allclose(got.db, reference.db, atol=1e-6)
    assert np.allclose(got.onset_db, reference.onset_db, atol=1e-6)
    # The fake's clicks: one at 0.25 s and every half second after.
    found = onsets(got)
    assert len(found) == 8
    assert max(abs(t - (0.25 + 0.5 * i)) for i, t in enumerate(found)) < 0.01
    assert len(got.db) == 4.0 * 16_000 // 40  # one level per 2.5 ms hop


async def test_a_long_clip_reports_the_loudness_and_sync_its_files_measure(
    config, workspace, fake_fal, monkeypatch
):
    clip = workspace.home / "long.mp4"
    make_cuts(clip, cuts=(4.25, 11.0, 17.75), duration=26.0)
    # The figures come from the encoding: reading the files back fails while the job runs. (A module first
    # imported meanwhile may keep the guard; once the job is done it only hands over to the real function.)
    running = [True]

    def guard(real: Callable[[Path], object]) -> Callable[[Path], object]:
        def read_back(path: Path) -> object:
            if running[0]:
                raise MediaError("the files were read back")
            return real(path)

        return read_back

    monkeypatch.setattr(loudness, "measure_file", guard(loudness.measure_file))
    monkeypatch.setattr(onsets_module, "envelope", guard(onsets_module.envelope))
    try:
        async with JobRunner(config) as runner:
            job = await runner.wait(
                (await runner.score(ScoreRequest(video=str(clip), lint="off"))).job_id, 120
            )
            row = runner.ledger.job(job.job_id)
    finally:
        running[0] = False
    assert job.status == "completed", job.error
    assert len(job.segments) == 2 and len(fake_fal.submits) == 2
    assert_plays(job.video_path, job.audio_path, clip)
    sound = job.soundtrack
    assert sound is not None and sound.integrated_lufs is not None and sound.true_peak_dbtp is not None
    # Measured independently, from what a person hears: the scored video's own track.
    heard = meter.decode(job.video_path)
    assert sound.integrated_lufs == pytest.approx(meter.integrated_lufs(heard), abs=0.5)
    assert sound.true_peak_dbtp == pytest.approx(meter.true_peak_dbtp(heard), abs=0.5)
    assert sound.duration_s == pytest.approx(26.0, abs=0.05)
    # The sync review read back from the MP3 agrees with the one taken while the sound was encoded.
    analysis = read_kept(workspace.data, row["picture"])
    assert analysis is not None
    from_file = review_soundtrack(job.audio_path, analysis)
    assert sound.events_total == from_file.events_total == 3
    assert sound.events_matched == from_file.events_matched >= 2
    assert sound.median_offset_ms is not None and from_file.median_offset_ms is not None
    assert abs(sound.median_offset_ms - from_file.median_offset_ms) <= 5.0
