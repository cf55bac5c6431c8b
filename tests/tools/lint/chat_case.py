"""One request of the chat corpus: prompts as people type them into a chat, what a sound designer expects of the
rewrite, and the review verdict given to the rewrite the linter produced.

The rubric, applied to every rewrite (`tests/tools/lint/chat_rubric.py` checks all of it that code can check):

- **as_is**: a sound designer would send the rewrite as it stands. Every event the user named (`keep`) is still
  there, nothing the user, the scene or the picture does not support was added (`forbid` and the support check),
  the lead is the event the picture makes most of (`lead`), music keeps the tempo the user asked for (`tempo`)
  and its BPM is in the range the request implies (`bpm`), no chat filler, no broken quote, at most 200
  characters, and it reads as a prompt a person would write.
- **edit**: usable after a small edit (a word to cut, an item to move, a range a little off).
- **not**: it would not be sent: an event lost or invented, a wrong lead, a contradicted tempo, broken text.

`review` records the verdict and the exact rewrite it was given to (sound effect prompt, music prompt); a test
fails when the linter's rewrite changes, so a verdict never speaks of a rewrite nobody looked at.
"""

from __future__ import annotations

from dataclasses import dataclass

Review = tuple[
    str, str, str
]  # verdict ("as_is", "edit", "not", or "?" before review), sfx and music reviewed


@dataclass(frozen=True)
class ChatCase:
    """One request as typed into a chat, with its rubric."""

    id: str
    sfx: str = ""
    music: str = ""
    scene: str | None = None
    asmr: bool = False
    events: tuple[tuple[float, str], ...] = ()
    lead: str | None = None  # the first item of the rewritten sound effect prompt contains this
    order: bool = False  # the order rule (ambience-first) should fire
    keep: tuple[str, ...] = ()  # words that must still be in the rewrite (either prompt)
    forbid: tuple[str, ...] = ()  # events that must not be added
    # Added events the review found supported although no word of them is in the request ("keyboard typing"
    # for people working at laptops): the support check's word test cannot see implications.
    allow: tuple[str, ...] = ()
    tempo: str | None = None  # a tempo word of the user's that must survive in the music rewrite
    bpm: tuple[int, int] | None = None  # any BPM in the music rewrite lies in this range
    good: bool = False  # a good request: no warning, no error
    asmr_rec: str | None = None  # what the asmr_mode recommendation must say ("on"/"off")
    lang: str = "en"
    review: Review = ("?", "", "")


def chat(
    id: str,
    sfx: str = "",
    music: str = "",
    *,
    scene: str | None = None,
    asmr: bool = False,
    events: tuple[tuple[float, str], ...] = (),
    lead: str | None = None,
    order: bool = False,
    keep: str = "",
    forbid: str = "",
    allow: str = "",
    tempo: str | None = None,
    bpm: tuple[int, int] | None = None,
    good: bool = False,
    asmr_rec: str | None = None,
    lang: str = "en",
    review: Review = ("?", "", ""),
) -> ChatCase:
    """A corpus request; `keep` and `forbid` are '|'-separated."""
    return ChatCase(
        id,
        sfx,
        music,
        scene,
        asmr,
        events,
        lead,
        order,
        tuple(k for k in keep.split("|") if k),
        tuple(f for f in forbid.split("|") if f),
        tuple(a for a in allow.split("|") if a),
        tempo,
        bpm,
        good,
        asmr_rec,
        lang,
        review,
    )


IMPACT = "a moving object stops or bounces sharply"
LANDING = "a moving object comes to a sudden stop"
CUT = "hard cut to a new shot"
