"""Result files: a name another writer takes at the last moment is never overwritten; the next free one is used."""

from __future__ import annotations

from pathlib import Path

from tools.jobs.outputs import write_new
from tools.media.files import atomic_output


def test_a_name_taken_while_the_result_is_written_moves_the_result_to_the_next_free_name(
    tmp_path: Path,
) -> None:
    (tmp_path / "walk.scored.mp3").write_bytes(b"older")
    calls: list[Path] = []

    def write(out: Path) -> Path:
        calls.append(out)
        if len(calls) == 1:
            out.write_bytes(b"another job's result")  # appears between naming and writing
        with atomic_output(out) as tmp:
            tmp.write_bytes(b"ours")
        return out

    written = write_new(tmp_path, "walk.scored", ".mp3", write)
    assert written == tmp_path / "walk.scored-3.mp3"
    assert calls == [tmp_path / "walk.scored-2.mp3", tmp_path / "walk.scored-3.mp3"]
    assert (tmp_path / "walk.scored.mp3").read_bytes() == b"older"
    assert (tmp_path / "walk.scored-2.mp3").read_bytes() == b"another job's result"
    assert written.read_bytes() == b"ours"
