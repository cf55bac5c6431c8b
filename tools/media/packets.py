"""Moving encoded packets from one container's stream to another's, untouched, each with timestamps a muxer takes."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from av.container import InputContainer, OutputContainer
from av.packet import Packet
from av.stream import Stream

# How many packets without a decoding time are held while waiting for one that has it (H.264 reorders at most
# 16 pictures); past that the stream is taken to give none, and its times are made from the display times.
_MAX_UNTIMED = 64


def moved_packets(source: InputContainer, stream_in: Stream, stream_out: Stream) -> Iterator[Packet]:
    """Every packet of one input stream, re-addressed to an output stream (see `timed` for their timestamps)."""
    for packet in timed(source.demux(stream_in)):
        packet.stream = stream_out
        yield packet


def copy_stream(source: InputContainer, stream_in: Stream, dest: OutputContainer) -> None:
    """Copy one stream of `source` into `dest` as it is: a new stream from its template, then every packet."""
    stream_out = dest.add_stream_from_template(stream_in)
    for packet in moved_packets(source, stream_in, stream_out):
        dest.mux(packet)


def timed(packets: Iterable[Packet]) -> Iterator[Packet]:
    """The packets of one stream in decoding order, each with a dts and a pts; only empty packets are left out.

    Demuxers leave out the dts where the container does not store it: Matroska and WebM for the first pictures
    of a stream with B-frames (the demuxer infers the rest), so skipping those would drop the first keyframe
    and with it every picture up to the next one. A missing dts is filled in just before the next known one
    (one frame apart, back from it), or between two known ones, never after the packet's pts; a missing pts
    becomes the dts. The demuxer's empty end marker is the only packet skipped.
    """
    last: int | None = None  # the dts of the packet last yielded
    waiting: list[Packet] = []  # packets without a dts, held until one with a dts follows
    for packet in packets:
        if not packet.size:
            continue
        if packet.dts is None:
            waiting.append(packet)
            if len(waiting) >= _MAX_UNTIMED:
                last = _after(waiting, last)
                yield from waiting
                waiting = []
            continue
        if waiting:
            _before(waiting, last, packet.dts, _step(packet, waiting))
            yield from waiting
            last = waiting[-1].dts
            waiting = []
        if last is not None and packet.dts <= last:
            packet.dts = last + 1
        if packet.pts is None:
            packet.pts = packet.dts
        last = packet.dts
        yield packet
    if waiting:
        _after(waiting, last)
        yield from waiting


def _step(packet: Packet, waiting: list[Packet]) -> int:
    """One frame's length in the stream's time base, as near as the packets tell (at least 1)."""
    return max(1, packet.duration or waiting[-1].duration or 1)


def _before(waiting: list[Packet], last: int | None, known: int, step: int) -> None:
    """Give `waiting` increasing dts values after `last` and before `known` (back from it by `step` at the start)."""
    count = len(waiting)
    if last is not None and known - last > count:
        stamps = [last + (known - last) * (k + 1) // (count + 1) for k in range(count)]
    else:
        stamps = [known - (count - k) * step for k in range(count)]
    following = known
    for packet, stamp in zip(reversed(waiting), reversed(stamps), strict=True):
        stamp = min(stamp, following - 1)
        if packet.pts is not None:
            stamp = min(stamp, packet.pts)
        packet.dts = stamp
        if packet.pts is None:
            packet.pts = stamp
        following = stamp


def _after(waiting: list[Packet], last: int | None) -> int:
    """Give `waiting` (no known dts follows) increasing dts values after `last`; return the last one given.

    Without reordering a picture is decoded when it is shown, so the display times in order serve, moved back
    by as much as it takes for none to come after its own pts.
    """
    shown = sorted(packet.pts for packet in waiting if packet.pts is not None)
    if len(shown) == len(waiting):
        lag = max(
            stamp - packet.pts for stamp, packet in zip(shown, waiting, strict=True) if packet.pts is not None
        )
        stamps = [stamp - lag for stamp in shown]
    else:
        step = _step(waiting[0], waiting)
        start = (last if last is not None else -step) + step
        stamps = [start + k * step for k in range(len(waiting))]
    previous = last
    for k, packet in enumerate(waiting):
        if previous is not None:
            stamps[k] = max(stamps[k], previous + 1)
        packet.dts = previous = stamps[k]
        if packet.pts is None:
            packet.pts = stamps[k]
    return stamps[-1]
