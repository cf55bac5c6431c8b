"""Advice around the prompts: whether ASMR mode fits, and which prompts to fill (as Recommendation data)."""

from __future__ import annotations

from tools.lint import lexicon as lx
from tools.lint.analyze import Context, event_kind
from tools.lint.pair import AsmrFit


def _rec(*, topic: str, value: str, reason: str) -> dict[str, str]:
    return {"topic": topic, "value": value, "reason": reason}


def recommend(
    sfx: str, music: str, asmr_mode: bool, fit: AsmrFit | None, why: str, ctx: Context
) -> list[dict[str, str]]:
    """One recommendation on ASMR mode and one on which prompts to fill, each with its reason."""
    return [_asmr(asmr_mode, fit, why), _prompts(sfx, music, fit == "on" or (fit is None and asmr_mode), ctx)]


def _asmr(asmr_mode: bool, fit: AsmrFit | None, why: str) -> dict[str, str]:
    if fit is not None:
        verb = "Keep" if (fit == "on") == asmr_mode else "Turn"
        return _rec(topic="asmr_mode", value=fit, reason=f"{verb} it {fit}: {why}.")
    if asmr_mode:
        reason = (
            "Keep it on only if the shot is a macro or material close-up: nothing in the prompts or the scene says "
            "close-up or wide action."
        )
        return _rec(topic="asmr_mode", value="on", reason=reason)
    reason = "Leave it off: nothing in the prompts or the scene says macro or material close-up, where it pays off."
    return _rec(topic="asmr_mode", value="off", reason=reason)


def _prompts(sfx: str, music: str, close_up: bool, ctx: Context) -> dict[str, str]:
    scene = ctx.scene_classes
    impacts = [t for t, label in ctx.events if event_kind(label) in ("impact", "motion")]
    if lx.SCENE_MUSICAL in scene and lx.SCENE_DIEGETIC not in scene:
        return _rec(
            topic="prompts",
            value="music_only",
            reason="The clip is a music piece (dance, music video, montage): fill only background_music_prompt so "
            "foley does not fight the score.",
        )
    if lx.SCENE_DIEGETIC in scene or (close_up and not music):
        return _rec(
            topic="prompts",
            value="sfx_only",
            reason="The clip is purely diegetic (tutorial, craft, product macro): fill only sound_effect_prompt so "
            "the detail has room to breathe.",
        )
    if not sfx and impacts:
        value = "both" if music else "sfx_only"
        return _rec(
            topic="prompts",
            value=value,
            reason=f"The picture has {len(impacts)} impact or motion event(s), the first at {impacts[0]:.1f} s: "
            "name the sound of each in sound_effect_prompt, most important first.",
        )
    if sfx and music:
        return _rec(
            topic="prompts",
            value="both",
            reason="Both layers are named; keep each short and specific, since two short prompts mix more "
            "cleanly than two dense ones. Drop one if the clip leans one way.",
        )
    if sfx:
        return _rec(
            topic="prompts",
            value="sfx_only",
            reason="Only sound effects are asked for; background_music_prompt is sent empty so no score competes.",
        )
    if music:
        return _rec(
            topic="prompts",
            value="music_only",
            reason="Only music is asked for; sound_effect_prompt is sent empty so no foley fights the score.",
        )
    return _rec(
        topic="prompts",
        value="neither",
        reason="Both prompts are empty: the model infers the whole soundscape from the picture.",
    )
