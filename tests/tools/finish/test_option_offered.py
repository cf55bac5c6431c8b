"""A clip with its own audio is told about original_audio before it is scored; a silent clip is not."""

from __future__ import annotations

import pytest

from tests.tools.finish.talking import talking_clip
from tools.clip_report import inspect_clip

pytestmark = pytest.mark.anyio


async def test_inspect_video_offers_duck_and_mix_for_a_clip_with_its_own_audio_only(config, workspace, clip):
    talking = talking_clip(workspace.home / "vlog.mp4", 4.0)
    report, _ = await inspect_clip(str(talking), config, frames=1)
    step = next(s for s in report.plan.steps if s.kind == "strip_audio")
    assert "original_audio='duck'" in step.reason and "'mix'" in step.reason
    assert "original_audio='duck'" in report.next_step
    silent, _ = await inspect_clip(str(clip), config, frames=1)
    assert "original_audio" not in silent.next_step
    assert not any(s.kind == "strip_audio" for s in silent.plan.steps)
