"""Moving encoded packets from one container's stream to another's, untouched."""

from __future__ import annotations

from collections.abc import Iterator

from av.container import InputContainer, OutputContainer
from av.packet import Packet
from av.stream import Stream


def moved_packets(source: InputContainer, stream_in: Stream, stream_out: Stream) -> Iterator[Packet]:
    """The packets of one input stream, re-addressed to an output stream (the demuxer's empty end marker skipped)."""
    for packet in source.demux(stream_in):
        if packet.dts is None:
            continue
        packet.stream = stream_out
        yield packet


def copy_stream(source: InputContainer, stream_in: Stream, dest: OutputContainer) -> None:
    """Copy one stream of `source` into `dest` as it is: a new stream from its template, then every packet."""
    stream_out = dest.add_stream_from_template(stream_in)
    for packet in moved_packets(source, stream_in, stream_out):
        dest.mux(packet)
