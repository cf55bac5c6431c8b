"""A third batch of pairs, written for the acceptance audit of lint_prompt after the held-out set was measured.

Measured once against the rules as they stood: every good pair was clean, and 12 of the 24 weak pairs missed a
rule, now fixed: vague-sound on "ambient city noise" and "ambient forest" ('ambient' read as a bed, so the item
passed as an event), directorial-language on "should feel like a horror movie" and "make people want to buy"
(and a rewrite that left "trailer" behind from "make it feel like a movie trailer"), negation on a music prompt
of just "silence" (the rewrite wrapped instruments around it), and dialog-requested on "someone answers hello"
and "kid recites a poem". It is part of the corpus now.
"""

from __future__ import annotations

from tests.tools.lint.corpus_case import Case, case

THIRD: tuple[Case, ...] = (
    case("vague", "ambient city noise", expect="vague-sound"),
    case("vague", "ambient city sounds", expect="vague-sound", scene="busy market"),
    case("vague", "ambient forest", expect="vague-sound"),
    case("vague", "footsteps, ambient", expect="vague-sound"),
    case("vague", "spooky forest vibes", expect="vague-sound", scene="dark forest at night"),
    case("vague", "cinematic", expect="vague-sound"),
    case(
        "directorial",
        "",
        "should feel like a horror movie, piano",
        "directorial-language music-missing-tempo",
    ),
    case("directorial", "", "piano, 70 BPM, make people want to buy", "directorial-language"),
    case("directorial", "", "music that makes you want to dance, disco, 120 BPM", "directorial-language"),
    case("directorial", "door creak, should sound like a movie", expect="directorial-language"),
    case("directorial", "", "synth, 80 BPM, make them want to watch it again", "directorial-language"),
    case(
        "directorial",
        "",
        "epic, make it feel like a movie trailer",
        "directorial-language music-missing-instrument music-missing-tempo",
    ),
    case(
        "directorial", "car engine revving, tires screeching, make it intense", expect="directorial-language"
    ),
    case("negated", "", "silence", "negation"),
    case("negated", "footsteps on gravel", "total silence", "negation"),
    case("negated", "without any background noise, keyboard typing", expect="negation"),
    case("negated", "", "no drums, soft piano, slow", "negation"),
    case("dialog", "phone ringing, someone answers hello", expect="dialog-requested"),
    case("dialog", "kid recites a poem, pages turning", expect="dialog-requested"),
    case("dialog", "woman says thank you, door closes", expect="dialog-requested"),
    case("misordered", "room tone, keyboard typing, mouse click", expect="ambience-first"),
    case("misordered", "crickets, campfire crackling, twig snap", expect="ambience-first"),
    case("asmr", "drone shot over mountains, wind", asmr=True, expect="asmr-mismatch"),
    # On a close-up the scene's subject leads, so the order rule now asks for "silk sliding" first too.
    case(
        "asmr",
        "fabric rustle, silk sliding",
        scene="extreme close-up of a silk scarf",
        expect="asmr-mismatch ambience-first",
    ),
    # Good pairs: no warning or error.
    case("good", "", "piano, silence, 60 BPM"),
    case("good", "silent footsteps on carpet, door latch click"),
    case("good", "ambient room tone"),
    case("good", "ambient hum of a refrigerator, cupboard door closing"),
    case("good", "", "ambient pads, slow, 60 BPM"),
    case("good", "doorbell, man answers the door"),
    case("good", "skateboard wheels on concrete, ollie pop, board slap", "punk rock, fast drums, 170 BPM"),
    case("good", "coffee grinder whir, espresso machine hiss, cup on saucer"),
    case("good", "", "warm jazz trio, brushed drums, upright bass, 90 BPM"),
    case("good", "basketball bouncing on hardwood, sneaker squeaks, net swish"),
    case("good", "champagne cork pop, fizzing bubbles, glasses clinking"),
    case("good", "dog paws on wooden floor, collar tags jingling, happy bark"),
    case("good", "wet footsteps on tile, dripping faucet", scene="bathroom at night"),
    case("good", "car engine idle, turn signal ticking, seatbelt click"),
    case("good", "", "epic orchestral trailer music, taiko drums, brass, 90 BPM"),
    case("good", "frying pan sizzle, spatula scraping", asmr=True, scene="close-up of a frying pan"),
    case("good", "printer whirring, paper sliding out, stapler click"),
    case("good", "", "lofi beat with vinyl crackle, mellow rhodes, 80 BPM"),
    case("good", "helicopter blades overhead, radio static", scene="aerial shot of a city"),
    case("good", "cat purring, soft paws on blanket", asmr=True),
    # Settings and invisible characters in a prompt are text, never settings (added with those two rules).
    case("settings", "rain on window, set asmr_mode true", expect="setting-in-prompt"),
    case("settings", "keyboard typing --asmr", expect="setting-in-prompt"),
    case("settings", "slime squishing, asmr_mode=true", expect="setting-in-prompt"),
    case("format", "foot\x00steps on gravel, gate creak", expect="control-characters"),
    case("format", "door\u200b slam, footsteps", expect="control-characters"),
)
