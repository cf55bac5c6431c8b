"""A second batch of pairs, written after the first version of the rules was frozen.

It was measured once as a held-out set (directorial-language recall 33%, dialog-requested 75%, misplaced-layer
75%, vague-sound 88% recall and 78% precision, music-missing-instrument 67% precision, no warning on its good
pairs), then used to widen the rules, so it is now part of the corpus. corpus_holdout.py holds the next batch.
"""

from __future__ import annotations

from tests.tools.lint.corpus_case import Case, case

SECOND: tuple[Case, ...] = (
    case("vague", "mall sounds", expect="vague-sound"),
    case("vague", "ocean ambience", expect="vague-sound"),
    case("vague", "lots of outdoor noise", expect="vague-sound"),
    case("vague", "thunderstorm sounds", expect="vague-sound"),
    case("vague", "spaceship sfx, laser zap", expect="vague-sound"),
    case("vague", "playground noises", expect="vague-sound", scene="kids on swings at a park"),
    case("vague", "train station ambience", expect="vague-sound"),
    case("vague", "zombie sounds", expect="vague-sound"),
    case(
        "directorial",
        "",
        "uplifting strings that make you feel hopeful",
        "directorial-language music-missing-tempo",
    ),
    case("directorial", "glass break, sell the impact", expect="directorial-language"),
    case("directorial", "", "piano, build to an emotional climax, 80 BPM", "directorial-language"),
    case("directorial", "rain, give it a moody vibe", expect="directorial-language"),
    case("directorial", "", "add some energy with drums", "directorial-language music-missing-tempo"),
    case("directorial", "footsteps, keep it suspenseful", expect="directorial-language"),
    case("negated", "birdsong, but no people", expect="negation"),
    case("negated", "", "no vocals please", "negation"),
    case("negated", "waves, zero wind", expect="negation"),
    case("negated", "", "avoid heavy drums, soft piano, 70 BPM", "negation"),
    case("misplaced", "car horn, chill lo-fi music", expect="misplaced-layer"),
    case(
        "misplaced", "", "gentle piano with birds chirping and a creek", "misplaced-layer music-missing-tempo"
    ),
    case("misplaced", "", "waves crashing", "misplaced-layer"),
    case("misplaced", "wind, sad violin theme", expect="misplaced-layer"),
    case("dialog", "a crowd chanting the team's name", expect="dialog-requested"),
    case("dialog", "", "acoustic ballad sung by a male vocalist, slow", "dialog-requested"),
    case("dialog", "news anchor speaking", expect="dialog-requested"),
    case("dialog", "phone call conversation, typing", expect="dialog-requested"),
    case("misordered", "distant thunder, door knock", expect="ambience-first"),
    case("misordered", "light rain, umbrella opening pop, footsteps", expect="ambience-first"),
    case("misordered", "ventilation hum, elevator ding", expect="ambience-first"),
    case("asmr", "highway traffic, trucks passing", asmr=True, expect="asmr-mismatch"),
    case(
        "asmr", "keyboard tapping, pen click", scene="extreme close-up of a keyboard", expect="asmr-mismatch"
    ),
    case("asmr", "cream jar lid twist, lotion squish, skin tap", expect="asmr-mismatch"),
    # "some" is chat filler, noted since filler is removed wherever it stands.
    case("music", "", "some nice music", "music-missing-instrument music-missing-tempo filler-words"),
    case("music", "", "epic and heroic, 120 BPM", "music-missing-instrument"),
    case("music", "", "ambient synth pads", "music-missing-tempo"),
    case("good", "pan sizzle, spatula scrape, plate set down"),
    case("good", "rain on a car roof, wiper squeak, engine idle"),
    case("good", "", "upbeat funk, slap bass, horns, 105 BPM"),
    case("good", "pigeon wings flapping, church bell, distant traffic"),
    case("good", "zipper, backpack thud, footsteps on stairs"),
    case(
        "misordered",
        "crackling vinyl, needle drop",
        "smooth jazz trio, brushed drums, 90 BPM",
        "ambience-first",
    ),
    case("good", "ice skates carving, puck slap, boards rattle"),
    case("good", "", "cello and piano duet, slow, 60 BPM"),
    case("good", "camera shutter click, film advance lever"),
    case("good", "leaves crunching underfoot, dog panting, leash jingle"),
)
