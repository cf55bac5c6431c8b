"""A held-out set: pairs written after the rules were frozen for release and never used to tune them.

corpus_report prints its precision and recall separately from the corpus, as an honest estimate for prompts
the rules were not shaped on. Tests only require that it raises no warning on its good pairs.
"""

from __future__ import annotations

from tests.tools.lint.corpus_case import Case, case

HOLDOUT: tuple[Case, ...] = (
    case("vague", "hospital sounds", expect="vague-sound"),
    case("vague", "haunted house ambience, chains rattling", expect="vague-sound"),
    case("vague", "medieval market atmosphere", expect="vague-sound"),
    case("vague", "relaxing spa sounds", expect="vague-sound"),
    case("vague", "gym noises", expect="vague-sound", scene="weightlifting in a basement gym"),
    case("directorial", "", "warm synth pads to set a dreamy tone, 70 BPM", "directorial-language"),
    case(
        "directorial", "door slam that really hits hard and makes people jump", expect="directorial-language"
    ),
    case("directorial", "", "strings to evoke nostalgia", "directorial-language music-missing-tempo"),
    case("directorial", "", "make the drop feel massive, edm, 128 BPM", "directorial-language"),
    case("directorial", "cinematic whooshes to heighten the excitement", expect="directorial-language"),
    case("negated", "typing, no mouse clicks", expect="negation"),
    case("negated", "", "instrumental only, no singing, acoustic guitar, 90 BPM", "negation"),
    case("negated", "car engine without any horn", expect="negation"),
    case("misplaced", "sizzling pan, upbeat jazz", expect="misplaced-layer"),
    case("misplaced", "", "soft rain and distant thunder", "misplaced-layer"),
    case("misplaced", "coffee pour, soft background piano", expect="misplaced-layer"),
    case("dialog", "a girl laughing and saying thank you", expect="dialog-requested"),
    case("dialog", "", "gospel choir singing hallelujah, 80 BPM", "dialog-requested"),
    case("dialog", "radio host talking over static", expect="dialog-requested"),
    case("misordered", "wind howling, shutter bang", expect="ambience-first"),
    case("misordered", "background chatter, plate crash", expect="ambience-first"),
    case("asmr", "car chase, tires squealing, sirens", asmr=True, expect="asmr-mismatch"),
    case("asmr", "fabric rustle, silk slide, velvet brush", expect="asmr-mismatch"),
    case("music", "", "happy tune", "music-missing-instrument music-missing-tempo"),
    case("music", "", "orchestral, slow", ""),
    case("music", "", "intense action music, 150 BPM", "music-missing-instrument"),
    case("format", "the sound of a kettle boiling", expect="filler-words"),
    case("format", "door creak\nfootsteps", expect="list-format"),
    case("good", "spray paint can rattle, hiss of spray, cap click"),
    case("good", "sword unsheathe, armor clink, footsteps on stone"),
    case("good", "", "banjo, fiddle, upbeat bluegrass, 130 BPM"),
    case("good", "rowing oars splash, wooden boat creak, lake lapping"),
    case("good", "soda can open, fizz, gulp"),
    case("good", "", "deep cello drone, sparse harp, slow, 55 BPM"),
    case("good", "typewriter keys, carriage return ding, paper pull"),
    case("good", "bowling ball roll, pins crash, crowd cheer"),
)
