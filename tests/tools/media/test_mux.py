from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest

from tests.clips import make_audio_only, make_clip, make_not_a_video
from tools.errors import MediaError
from tools.media.mux import extract_track, mux_original_with_audio, scored_suffix, unique_path
from tools.media.probe import probe


def _video_packets(path: Path) -> list[bytes]:
    with av.open(str(path)) as container:
        return [bytes(p) for p in container.demux(container.streams.video[0]) if p.size]


def _audio_stream_seconds(path: Path) -> float:
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        if stream.duration is not None and stream.time_base is not None:
            return float(stream.duration * stream.time_base)
        ends = [
            (p.pts + (p.duration or 0)) * p.time_base for p in container.demux(stream) if p.pts is not None
        ]
        return float(max(ends))


def _dominant_frequency(path: Path) -> float:
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        rate = stream.codec_context.sample_rate
        samples = np.concatenate([f.to_ndarray()[0].astype(np.float64) for f in container.decode(stream)])
    spectrum = np.abs(np.fft.rfft(samples[: rate * 2]))
    return float(np.argmax(spectrum) * rate / (2 * rate))


def test_the_original_video_packets_are_copied_byte_for_byte(
    tmp_path: Path, mp4_with_audio: Path, tone_1k: Path
) -> None:
    out = mux_original_with_audio(mp4_with_audio, tone_1k, tmp_path / "walk.scored.mp4")
    assert _video_packets(out) == _video_packets(mp4_with_audio)


def test_the_scored_video_is_as_long_as_the_original_and_keeps_its_rotation(
    tmp_path: Path, mp4_with_audio: Path, tone_1k: Path
) -> None:
    out = mux_original_with_audio(mp4_with_audio, tone_1k, tmp_path / "walk.scored.mp4")
    before, after = probe(mp4_with_audio), probe(out)
    assert after.duration_s == pytest.approx(before.duration_s, abs=1e-6)
    assert after.rotation == 90
    assert _audio_stream_seconds(out) == pytest.approx(before.duration_s, abs=0.001)


def test_short_audio_is_padded_with_silence_to_the_video_length(
    tmp_path: Path, mp4_with_audio: Path, short_tone: Path
) -> None:
    out = mux_original_with_audio(mp4_with_audio, short_tone, tmp_path / "walk.scored.mp4")
    assert _audio_stream_seconds(out) == pytest.approx(5.0, abs=0.001)
    with av.open(str(out)) as container:
        tail = np.concatenate(
            [f.to_ndarray() for f in container.decode(container.streams.audio[0]) if f.time and f.time > 3.0]
        )
    assert np.abs(tail).max() < 1e-3


def test_the_originals_own_audio_is_replaced_by_the_new_one(
    tmp_path: Path, mp4_with_audio: Path, tone_1k: Path
) -> None:
    out = mux_original_with_audio(mp4_with_audio, tone_1k, tmp_path / "walk.scored.mp4")
    with av.open(str(out)) as container:
        assert len(container.streams.audio) == 1
        assert container.streams.audio[0].codec.name == "aac"
    assert _dominant_frequency(out) == pytest.approx(1000.0, abs=5.0)  # the clip's own tone is 440 Hz


@pytest.mark.parametrize(("name", "audio_codec"), [("c.webm", "opus"), ("c.mkv", "aac"), ("c.mov", "aac")])
def test_each_container_gets_an_audio_codec_it_can_carry(
    tmp_path: Path, tone_1k: Path, name: str, audio_codec: str
) -> None:
    clip = make_clip(tmp_path / name, duration=3.0, audio=True)
    out = mux_original_with_audio(clip, tone_1k, tmp_path / f"scored{scored_suffix(clip)}")
    info = probe(out)
    assert info.audio_codec == audio_codec
    assert info.duration_s == pytest.approx(probe(clip).duration_s, abs=0.01)
    assert _video_packets(out) == _video_packets(clip)


def test_an_existing_output_file_is_never_overwritten(
    tmp_path: Path, mp4_with_audio: Path, tone_1k: Path
) -> None:
    taken = tmp_path / "walk.scored.mp4"
    taken.write_bytes(b"precious")
    with pytest.raises(FileExistsError):
        mux_original_with_audio(mp4_with_audio, tone_1k, taken)
    assert taken.read_bytes() == b"precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["walk.scored.mp4"]


def test_a_failed_mux_leaves_no_partial_file_behind(tmp_path: Path, mp4_with_audio: Path) -> None:
    not_audio = make_not_a_video(tmp_path / "notes.mp3")
    with pytest.raises(MediaError):
        mux_original_with_audio(mp4_with_audio, not_audio, tmp_path / "out.mp4")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.mp3"]


def test_unique_path_counts_up_past_names_already_taken(tmp_path: Path) -> None:
    assert unique_path(tmp_path, "walk.scored", ".mp4") == tmp_path / "walk.scored.mp4"
    (tmp_path / "walk.scored.mp4").touch()
    (tmp_path / "walk.scored-2.mp4").touch()
    assert unique_path(tmp_path, "walk.scored", ".mp4") == tmp_path / "walk.scored-3.mp4"


@pytest.mark.parametrize(
    ("name", "suffix"),
    [("a.mp4", ".mp4"), ("a.MOV", ".mov"), ("a.gif", ".mp4"), ("a.webm", ".webm"), ("a.ts", ".mkv")],
)
def test_the_scored_copy_keeps_the_inputs_container_when_it_can_hold_sound(name: str, suffix: str) -> None:
    assert scored_suffix(Path(name)) == suffix


def test_a_gif_becomes_an_h264_mp4_with_the_new_sound(tmp_path: Path, tone_1k: Path) -> None:
    gif = make_clip(tmp_path / "loop.gif", duration=3.0)
    out = mux_original_with_audio(gif, tone_1k, tmp_path / f"loop.scored{scored_suffix(gif)}")
    info = probe(out)
    assert (out.suffix, info.video_codec, info.audio_codec) == (".mp4", "h264", "aac")
    assert info.duration_s == pytest.approx(3.0, abs=0.05)
    assert _audio_stream_seconds(out) == pytest.approx(info.duration_s, abs=0.001)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["loop.gif", "loop.scored.mp4"]


def test_a_gif_keeps_every_frame_at_its_own_time_and_its_own_length(tmp_path: Path, tone_1k: Path) -> None:
    # 15 frames a second: GIF delays of 7, 7 and 6 hundredths; odd sides, which H.264 4:2:0 cannot keep.
    gif = make_clip(tmp_path / "odd.gif", duration=3.3, fps=15, size=(161, 121))
    out = mux_original_with_audio(gif, tone_1k, tmp_path / "odd.scored.mp4")

    def shown(path: Path) -> tuple[list[float], float, tuple[int, int]]:
        with av.open(str(path)) as container:
            stream = container.streams.video[0]
            frames = list(container.decode(stream))
            assert stream.duration is not None and stream.time_base is not None
            length = float(stream.duration * stream.time_base)
            return [float(f.time) for f in frames], length, (frames[0].width, frames[0].height)

    times, length, size = shown(out)
    gif_times, gif_length, _ = shown(gif)
    assert times == pytest.approx(gif_times, abs=0.001) and len(times) == 50
    assert length == pytest.approx(gif_length, abs=0.001)
    assert size == (160, 120)
    assert _audio_stream_seconds(out) == pytest.approx(gif_length, abs=0.001)


def _audio_packets(path: Path) -> list[bytes]:
    with av.open(str(path)) as container:
        return [bytes(p) for p in container.demux(container.streams.audio[0]) if p.size]


def test_a_ready_aac_track_is_copied_not_encoded_and_cut_at_the_pictures_end(
    tmp_path: Path, mp4_with_audio: Path
) -> None:
    track = make_audio_only(tmp_path / "fal.m4a", 7.0, frequency=1000.0)
    other = make_audio_only(
        tmp_path / "other.mp3", 7.0, frequency=500.0
    )  # heard only if the track were ignored
    out = mux_original_with_audio(mp4_with_audio, other, tmp_path / "w.mp4", track=track)
    copied = _audio_packets(out)
    assert copied == _audio_packets(track)[: len(copied)]  # the same encoded frames, in order
    assert len(copied) < len(_audio_packets(track))  # the 7 s track was cut to the 5 s picture
    assert _audio_stream_seconds(out) == pytest.approx(probe(mp4_with_audio).duration_s, abs=0.001)
    assert _video_packets(out) == _video_packets(mp4_with_audio)
    assert _dominant_frequency(out) == pytest.approx(1000.0, abs=5.0)


def test_a_ready_track_shorter_than_the_picture_is_encoded_and_padded_instead(
    tmp_path: Path, mp4_with_audio: Path, tone_1k: Path
) -> None:
    short_track = make_audio_only(tmp_path / "short.m4a", 2.0, frequency=500.0)
    out = mux_original_with_audio(mp4_with_audio, tone_1k, tmp_path / "w.mp4", track=short_track)
    assert _audio_stream_seconds(out) == pytest.approx(5.0, abs=0.001)
    assert _dominant_frequency(out) == pytest.approx(1000.0, abs=5.0)  # from the MP3, not the short track


def test_a_ready_track_the_container_cannot_carry_is_encoded_for_it(tmp_path: Path, tone_1k: Path) -> None:
    clip = make_clip(tmp_path / "c.webm", duration=3.0)
    track = make_audio_only(tmp_path / "fal.m4a", 4.0, frequency=500.0)
    out = mux_original_with_audio(clip, tone_1k, tmp_path / "scored.webm", track=track)
    assert probe(out).audio_codec == "opus"
    assert _dominant_frequency(out) == pytest.approx(1000.0, abs=5.0)


def test_the_aac_soundtrack_of_a_video_is_extracted_packet_for_packet(
    tmp_path: Path, mp4_with_audio: Path
) -> None:
    track = extract_track(mp4_with_audio, tmp_path / "track.m4a")
    assert track is not None and track.suffix == ".m4a"
    assert _audio_packets(track) == _audio_packets(mp4_with_audio)
    with av.open(str(track)) as container:
        assert not container.streams.video


def test_a_video_without_an_aac_soundtrack_yields_no_track(tmp_path: Path) -> None:
    silent = make_clip(tmp_path / "silent.mp4", duration=3.0)
    assert extract_track(silent, tmp_path / "track.m4a") is None
    assert not (tmp_path / "track.m4a").exists()


def test_a_result_file_gets_the_permissions_of_any_new_file_not_private_ones(
    tmp_path: Path, mp4_with_audio: Path, tone_1k: Path
) -> None:
    import os
    import stat

    previous = os.umask(0o027)
    try:
        out = mux_original_with_audio(mp4_with_audio, tone_1k, tmp_path / "walk.scored.mp4")
    finally:
        os.umask(previous)
    assert stat.S_IMODE(out.stat().st_mode) == 0o640


def test_a_ready_mp3_track_is_copied_into_an_avi_not_encoded_again(tmp_path: Path, tone_1k: Path) -> None:
    clip = make_clip(tmp_path / "c.avi", duration=3.0)
    track = make_audio_only(tmp_path / "joined.mp3", 3.0, frequency=500.0)
    out = mux_original_with_audio(clip, tone_1k, tmp_path / "scored.avi", track=track)
    copied = _audio_packets(out)
    assert copied and copied == _audio_packets(track)[: len(copied)]  # the same encoded frames, in order
    assert _dominant_frequency(out) == pytest.approx(500.0, abs=5.0)  # the track, not the MP3 given beside it
    assert _video_packets(out) == _video_packets(clip)
