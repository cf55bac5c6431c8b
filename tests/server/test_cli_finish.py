"""`kling-v2a score --original/--loudness`: the clip's own audio and the loudness target from the command line."""

from __future__ import annotations

import json

from tests import meter
from tests.server.test_cli import cli_env, run  # noqa: F401  (a fixture)
from tests.tools.finish.talking import talking_clip


def test_score_ducks_under_the_clips_own_audio_to_a_loudness_and_refinishes_without_a_submit(
    capsys,
    cli_env,  # noqa: F811
    workspace,
    fake_fal,
):
    src = talking_clip(workspace.home / "commentary.mp4", 4.6)
    code, out, _ = run(
        capsys, "score", str(src), "--original", "duck", "--loudness", "-14", "--json", "--no-progress"
    )
    assert code == 0, out
    job = json.loads(out)
    assert job["soundtrack"]["original_audio"] == "duck" and job["soundtrack"]["loudness_target_lufs"] == -14
    assert abs(meter.integrated_lufs(meter.decode(job["video_path"])) + 14) <= 0.5

    code, out, _ = run(capsys, "score", str(src), "--original", "mix", "--no-progress")
    assert code == 0
    assert "own audio mixed in" in out and "LUFS" in out and "no new charge" in out
    assert len(fake_fal.submits) == 1 and len(fake_fal.uploads) == 1

    code, out, _ = run(capsys, "score", str(src), "--json", "--no-progress")
    replaced = json.loads(out)
    assert code == 0 and replaced["soundtrack"]["original_audio"] == "replace"
    for sentence in (replaced["next_step"], replaced["soundtrack"]["note"]):
        assert "--original duck" in sentence and "original_audio" not in sentence
    assert len(fake_fal.submits) == 1


def test_a_loudness_out_of_range_is_refused_before_anything_runs(capsys, cli_env, clip, fake_fal):  # noqa: F811
    code, _, err = run(capsys, "score", str(clip), "--loudness", "-3")
    assert code == 2 and "-14" in err and "LUFS" in err
    code, _, err = run(capsys, "score", str(clip), "--original", "keep")
    assert code == 2 and "duck" in err
    assert fake_fal.uploads == [] and fake_fal.submits == []
