"""Rules that look at the whole request: item order, the two prompts together, and ASMR mode."""

from __future__ import annotations

from typing import Literal

from tools.lint import lexicon as lx
from tools.lint.analyze import Context, FieldView, ItemView
from tools.lint.issue import Edit, Issue
from tools.lint.text import stems

# A prompt is dense when it is long and packed: over 90 characters with six or more items, or over 150 with four.
DENSE = ((90, 6), (150, 4))
TRIM_CHARS = 90  # what a dense prompt is trimmed to
TRIM_ITEMS = 4
ASMR_ON_SCORE = 3  # a strong close-up cue, or three items with material detail

AsmrFit = Literal["on", "off"]


def check_density(sfx: FieldView, music: FieldView) -> list[Issue]:
    """dense-prompts: both prompts long and packed."""
    if not all(is_dense(v.full, len(v.items)) for v in (sfx, music)):
        return []
    issues = []
    for view in (sfx, music):
        kept = _trim(view)
        replacement = ", ".join(v.item.text for v in kept)
        issues.append(
            Issue(
                "dense-prompts",
                view.name,
                (view.items[0].item.start, view.items[-1].item.end),
                f"Both prompts are long and packed ({len(sfx.full)} and {len(music.full)} characters); two short "
                f"prompts mix more cleanly. Keep the {len(kept)} items that matter most here.",
                Edit(f"Keep '{replacement}'", replacement, "suggested"),
            )
        )
    return issues


def is_dense(text: str, items: int) -> bool:
    """Whether one prompt is long and packed."""
    return any(len(text) > chars and items >= count for chars, count in DENSE)


def _trim(view: FieldView) -> list[ItemView]:
    def rank(v: ItemView) -> int:
        # The first item leads; a music prompt keeps its tempo and then its instruments.
        if v.item.position == 0:
            return 0
        if view.name == "background_music_prompt" and (
            v.has(lx.TEMPO) or any(w.stem == "bpm" for w in v.item.words)
        ):
            return 1
        if view.name == "background_music_prompt" and (v.has(lx.INSTRUMENT) or v.has(lx.GENRE)):
            return 2
        return 3

    chosen: list[ItemView] = []
    used = 0
    for v in sorted(view.items, key=lambda v: (rank(v), v.item.position)):
        cost = len(v.item.text) + (2 if chosen else 0)
        if len(chosen) < TRIM_ITEMS and (not chosen or used + cost <= TRIM_CHARS):
            chosen.append(v)
            used += cost
    return sorted(chosen, key=lambda v: v.item.position)


def check_scene(sfx: FieldView, music: FieldView, ctx: Context) -> list[Issue]:
    """unneeded-layer: the scene is purely musical or purely diegetic but both layers are asked for."""
    musical = lx.SCENE_MUSICAL in ctx.scene_classes
    diegetic = lx.SCENE_DIEGETIC in ctx.scene_classes
    if musical == diegetic:
        return []
    view, kind, keep = (
        (sfx, "purely musical", "background_music_prompt")
        if musical
        else (
            music,
            "purely diegetic",
            "sound_effect_prompt",
        )
    )
    if not view.items:
        return []
    return [
        Issue(
            "unneeded-layer",
            view.name,
            (0, len(view.full)),
            f"The scene is {kind}; use only {keep} so the two layers do not fight. Leave {view.name} empty.",
            Edit(f"Empty {view.name}", "", "suggested"),
        )
    ]


def asmr_fit(sfx: FieldView, ctx: Context) -> tuple[AsmrFit | None, str]:
    """Whether ASMR mode fits the sound effects and the scene ('on', 'off' or no clear call), and why."""
    wide: list[str] = []
    strong: list[str] = []
    weak_items = 0
    items = sfx.items
    for view in items:
        weak_items += lx.ASMR_WEAK in view.live_classes
        for hit in view.live:
            phrase = sfx.text[hit.start : hit.end].lower()
            if lx.WIDE in hit.classes:
                wide.append(phrase)
            if lx.ASMR_STRONG in hit.classes:
                strong.append(phrase)
    scene = ctx.scene_classes
    if lx.WIDE in scene:
        wide.append("the scene")
    if lx.ASMR_STRONG in scene:
        strong.append("the scene")
    weak_items += lx.ASMR_WEAK in scene
    # Material words count when they dominate the prompt, not when one busy prompt happens to hold three.
    if 2 * weak_items < len(items):
        weak_items = 0
    if strong == ["the scene"] and not weak_items and any(_open_air(view) for view in items):
        # Only the scene says close-up, and the prompt asks for weather: a soundscape, no clear call.
        return None, ""
    score = 3 * len(strong) + weak_items
    if wide and score < ASMR_ON_SCORE:
        return "off", f"wide action ({', '.join(_unique(wide))}) is better served by standard mode"
    if score >= ASMR_ON_SCORE and not wide:
        cues = ", ".join(_unique(strong)) if strong else "material and tactile detail in several items"
        return "on", f"close-up and material cues ({cues}) are where ASMR mode pays off"
    return None, ""


def check_asmr(
    sfx: FieldView, asmr_mode: bool, ctx: Context
) -> tuple[Issue | None, bool, AsmrFit | None, str]:
    """asmr-mismatch, judged on the prompt that would be sent; also returns the mode after the fix."""
    fit, why = asmr_fit(sfx, ctx)
    current: AsmrFit = "on" if asmr_mode else "off"
    if fit is None or fit == current:
        return None, asmr_mode, fit, why
    issue = Issue(
        "asmr-mismatch",
        "asmr_mode",
        None,
        f"asmr_mode is {current}, but {why}. Turn it {fit}.",
        Edit(f"Turn asmr_mode {fit}", "true" if fit == "on" else "false", "suggested"),
    )
    return issue, fit == "on", fit, why


_OPEN_AIR = frozenset(stems(", ".join(lx.events.OPEN_AIR)))


def _open_air(view: ItemView) -> bool:
    return any(w.stem in _OPEN_AIR for w in view.item.words)


def _unique(words: list[str]) -> list[str]:
    out: list[str] = []
    for word in words:
        if word not in out:
            out.append(word)
    return out[:3]
