"""Stream copy keeps every picture packet: where a demuxer gives no decoding time, one is made up that muxes."""

from __future__ import annotations

from pathlib import Path

import av
import pytest

from tests.clips import make_clip
from tools.media.packets import timed


@pytest.fixture(scope="module")
def reordered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 3 s H.264 MP4 (72 pictures) with B-frames (decoding order differs from display order) and a keyframe every 12."""
    folder = tmp_path_factory.mktemp("packets")
    return make_clip(folder / "cam.mp4", duration=3.0, b_frames=3, keyframe_every=12)


def _copy(src: Path, out: Path, lose: set[int] | None) -> list[bytes]:
    """Copy src's picture into out (Matroska) with the dts of the packets numbered in `lose` (None: all) erased,
    as a demuxer that does not know them leaves them; return the packets as copied."""
    copied = []
    with av.open(str(src)) as source, av.open(str(out), "w", format="matroska") as dest:
        stream_in = source.streams.video[0]
        stream_out = dest.add_stream_from_template(stream_in)
        erased = []
        for number, packet in enumerate(p for p in source.demux(stream_in) if p.size):
            if lose is None or number in lose:
                packet.dts = None
            erased.append(packet)
        for packet in timed(erased):
            assert packet.pts is not None and packet.dts is not None and packet.dts <= packet.pts
            copied.append(bytes(packet))
            packet.stream = stream_out
            dest.mux(packet)
    return copied


def _decoded(path: Path) -> list[float]:
    with av.open(str(path)) as container:
        return [float(frame.time) for frame in container.decode(video=0)]


@pytest.mark.parametrize(
    "lose",
    [{0, 1, 2}, {30, 31}, None],
    ids=["the first three, as Matroska", "two in the middle", "every one"],
)
def test_packets_without_a_decoding_time_are_kept_and_mux_into_a_file_that_plays_whole(
    reordered: Path, tmp_path: Path, lose: set[int] | None
) -> None:
    with av.open(str(reordered)) as source:
        packets = [bytes(p) for p in source.demux(video=0) if p.size]
    out = tmp_path / "copy.mkv"
    assert _copy(reordered, out, lose) == packets
    times = _decoded(out)
    assert len(times) == len(_decoded(reordered)) == len(packets)
    assert times == pytest.approx(_decoded(reordered), abs=0.002)
