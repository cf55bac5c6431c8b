"""Prompt pairs written by the team, each with the rule names a careful reader of the guide expects to fire.

Kinds: seed (the guide's own examples), vague, directorial, over-length, misordered, negated, misplaced,
dialog, asmr, music, dense, scene, format, good. Good pairs must raise no warning or error; info notes are listed
in `expect` like any other rule.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Case:
    """One prompt pair and the rules expected to fire on it."""

    kind: str
    sfx: str
    music: str
    expect: frozenset[str]
    asmr: bool = False
    scene: str | None = None
    events: tuple[tuple[float, str], ...] = ()


def case(
    kind: str,
    sfx: str,
    music: str = "",
    expect: str = "",
    *,
    asmr: bool = False,
    scene: str | None = None,
    events: tuple[tuple[float, str], ...] = (),
) -> Case:
    """A corpus entry; `expect` is a space-separated list of rule names."""
    return Case(kind, sfx, music, frozenset(expect.split()), asmr, scene, events)


CUTS_HALF_SECOND = tuple((0.5 * i, "scene cut") for i in range(1, 12))
CUTS_EVERY_SECOND = ((1.0, "scene cut"), (2.0, "scene cut"), (3.0, "scene cut"), (4.1, "scene cut"))

CORPUS: tuple[Case, ...] = (
    # --- The guide's own examples -------------------------------------------------------------------------
    case(
        "seed",
        "footsteps on gravel, distant crows, wind in dry grass",
        "tense cinematic strings with a low drone, slow build",
    ),
    case(
        "seed",
        "claws on concrete, low growl, fabric tear",
        "minimal piano, three notes, 60 BPM, lots of space",
    ),
    case(
        "seed",
        "scary monster sounds",
        "build suspense",
        "vague-sound directorial-language music-missing-instrument music-missing-tempo",
    ),
    case("seed", "glass on marble, liquid pour, soft droplets", asmr=True),
    case("seed", "Sneakers on wet asphalt, occasional puddle splash"),
    case("seed", "city walking sounds", expect="vague-sound"),
    case("seed", "", "Solo nylon-string guitar, slow, melancholic"),
    case("seed", "", "calm music", "music-missing-instrument music-missing-tempo"),
    case("seed", "glass shatter, distant crowd, wind"),
    case("seed", "wind, distant crowd, glass shatter", expect="ambience-first"),
    case("seed", "", "Calm acoustic guitar", "music-missing-tempo"),
    case("seed", "", "lo-fi hip hop beat", "music-missing-tempo"),
    case("seed", "", "tense cinematic strings", "music-missing-tempo"),
    case("seed", "", "synthwave 110 BPM"),
    case("seed", "", "Solo nylon-string guitar, slow, 60 BPM"),
    case("seed", "", "Hans Zimmer string ostinato", "music-missing-tempo"),
    case("seed", "", "Bonobo downtempo electronics"),
    case("seed", "footsteps, glass shatter, fabric rustle, rain on metal, distant traffic, keyboard typing"),
    case("seed", "", "build tension", "directorial-language music-missing-instrument music-missing-tempo"),
    case(
        "seed", "", "create excitement", "directorial-language music-missing-instrument music-missing-tempo"
    ),
    case("seed", "explosion, feel epic", expect="directorial-language"),
    case(
        "seed",
        "paper crinkle, glass tap, brush bristles, water droplets, slow chewing, soft whisper-range ambience",
        asmr=True,
    ),
    case(
        "seed",
        "Car tires screech as they accelerate in a drag race",
        "intense car race",
        "music-missing-instrument music-missing-tempo",
    ),
    # --- Vague: genres, moods and places instead of events ----------------------------------------------------
    case("vague", "city sounds", expect="vague-sound"),
    case("vague", "nature ambience", expect="vague-sound"),
    case("vague", "scary noises", expect="vague-sound"),
    case("vague", "forest ambience", expect="vague-sound"),
    case("vague", "kitchen sounds", expect="vague-sound", scene="someone making pancakes at home"),
    case("vague", "office ambience, keyboard typing", expect="vague-sound"),
    case("vague", "epic battle sounds", expect="vague-sound"),
    case("vague", "sci-fi sound effects", expect="vague-sound"),
    case("vague", "beach vibes", expect="vague-sound"),
    case("vague", "cooking sounds", expect="vague-sound"),
    case("vague", "door creak, spooky atmosphere", expect="vague-sound"),
    case("vague", "car sounds", expect="vague-sound"),
    case("vague", "water sounds", expect="vague-sound", scene="a glass being filled from a jug"),
    case("vague", "sports sounds", expect="vague-sound", scene="basketball game in a gym"),
    case("vague", "night ambience", expect="vague-sound"),
    case("vague", "realistic foley", expect="vague-sound"),
    case("vague", "ambient sounds", expect="vague-sound", scene="foggy harbor at dawn"),
    case("vague", "magical sound effects, sparkles", expect="vague-sound"),
    case("vague", "urban atmosphere", expect="vague-sound"),
    case("vague", "jungle noises", expect="vague-sound"),
    case("vague", "party sounds", expect="vague-sound"),
    case("vague", "walking sounds", expect="vague-sound", scene="snowy forest trail"),
    case("vague", "horror sfx", expect="vague-sound"),
    case("vague", "farm animal sounds", expect="vague-sound"),
    case("vague", "construction site sounds", expect="vague-sound"),
    case("vague", "something cinematic", expect="vague-sound"),
    case("vague", "cool futuristic effects", expect="vague-sound"),
    case("vague", "street noise, car horn", expect="vague-sound"),
    # --- Directorial language ---------------------------------------------------------------------------------
    case("directorial", "footsteps on gravel, build tension", expect="directorial-language"),
    case(
        "directorial",
        "",
        "dark synth pads that create excitement",
        "directorial-language music-missing-tempo",
    ),
    case(
        "directorial",
        "",
        "make it feel epic",
        "directorial-language music-missing-instrument music-missing-tempo",
    ),
    case("directorial", "", "orchestral, build up the tension, 90 BPM", "directorial-language"),
    case("directorial", "door slam, make the audience jump", expect="directorial-language"),
    case("directorial", "", "piano to set the mood", "directorial-language music-missing-tempo"),
    case("directorial", "", "strings that heighten the drama, slow", "directorial-language"),
    case(
        "directorial",
        "heavy rain on a tin roof, creating an ominous atmosphere",
        expect="directorial-language",
    ),
    case(
        "directorial",
        "",
        "uplifting music to keep viewers engaged",
        "directorial-language music-missing-instrument music-missing-tempo",
    ),
    case("directorial", "whoosh, impact, something that grabs attention", expect="directorial-language"),
    case(
        "directorial",
        "",
        "cinematic orchestra, feel epic and heroic",
        "directorial-language music-missing-tempo",
    ),
    case("directorial", "explosion that makes it feel like a blockbuster", expect="directorial-language"),
    case(
        "directorial",
        "",
        "emotional piano to tug at the heartstrings",
        "directorial-language music-missing-tempo",
    ),
    case(
        "directorial",
        "",
        "bring the scene to life with a playful ukulele",
        "directorial-language music-missing-tempo",
    ),
    case("directorial", "thunder crack, give the audience goosebumps", expect="directorial-language"),
    case("directorial", "", "hype trap beat to pump up the energy, 140 BPM", "directorial-language"),
    case("directorial", "waves crashing, seagulls, evoke a sense of freedom", expect="directorial-language"),
    case(
        "directorial",
        "",
        "suspenseful strings, should sound scary",
        "directorial-language music-missing-tempo",
    ),
    case("directorial", "", "enhance the mood with soft jazz", "directorial-language music-missing-tempo"),
    case("directorial", "door creak, add drama", expect="directorial-language"),
    case(
        "directorial",
        "",
        "keep the audience on the edge of their seats",
        "directorial-language music-missing-instrument music-missing-tempo",
    ),
    case("directorial", "", "underscore the action with driving drums", "directorial-language"),
    case("directorial", "footsteps, tension building", expect="directorial-language"),
    case(
        "directorial",
        "",
        "ambient pads to create a dreamy atmosphere",
        "directorial-language music-missing-tempo",
    ),
    case("directorial", "sword clash, really make it dramatic", expect="directorial-language"),
    # --- Over the 200-character limit ---------------------------------------------------------------------------
    case(
        "over-length",
        "heavy boots on a metal catwalk, chain rattling against a railing, steam hissing from a broken pipe, "
        "water dripping into a puddle, door slamming somewhere below, flickering fluorescent tube buzzing overhead",
        expect="over-length",
    ),
    case(
        "over-length",
        "",
        "slow melancholic solo piano with soft felt hammers, sparse notes, a warm cello line entering halfway, "
        "gentle brushed snare, soft tape hiss, intimate and close, 70 BPM, fading out at the end of the clip",
        "over-length",
    ),
    case(
        "over-length",
        "skateboard wheels rolling on rough concrete, ollie pop, board clack on landing, grind on a metal rail, "
        "sneakers scuffing, wheels clicking over pavement cracks, another ollie pop, a hard landing, a kickflip",
        expect="over-length",
    ),
    case(
        "over-length",
        "knife chopping carrots on a wooden board, onions sizzling in hot oil, wooden spoon scraping the pan, "
        "lid clattering onto the counter, tap running into a metal sink, fridge door thud, egg cracking in a bowl",
        expect="over-length",
    ),
    case(
        "over-length",
        "a single continuous description of a very long tracking shot in which the camera follows a cyclist down "
        "a winding mountain road past pine trees and waterfalls while the chain clicks and the tires hum loudly",
        expect="over-length",
    ),
    case(
        "over-length",
        "",
        "driving synthwave with pulsing analog bass, gated reverb drums, shimmering arpeggios, a soaring lead "
        "synth melody in the second half, neon eighties mood, 118 BPM, big snare hits on every cut of the edit",
        "over-length",
    ),
    case(
        "over-length",
        "pages turning, pen scratching on paper, coffee cup set down on a saucer, chair creak, keyboard typing "
        "in bursts, mouse clicks, a stapler punch, a drawer sliding shut, paper shuffle, a phone vibrating on wood",
        expect="over-length",
    ),
    case(
        "over-length",
        "horse hooves on cobblestone, carriage wheels creaking, whip crack, harness jingle, horse snort, "
        "cobblestone clatter, wooden wheel thump over a pothole, coachman's boots on the step, carriage door latch click",
        expect="over-length",
    ),
    case(
        "over-length",
        "build tension slowly with dark rumbling sounds and scary noises and make the audience feel the dread "
        "creeping in while footsteps approach down the long hallway and a door slowly opens with a loud creak",
        expect="over-length directorial-language vague-sound",
    ),
    # --- Misordered: a bed before the picture-critical event --------------------------------------------------
    case("misordered", "room tone, door slam", expect="ambience-first"),
    case("misordered", "distant traffic, car door slam, footsteps on pavement", expect="ambience-first"),
    case("misordered", "rain, thunder crack", expect="ambience-first"),
    case("misordered", "wind in the trees, branch snap, owl hoot", expect="ambience-first"),
    case(
        "misordered",
        "air conditioning hum, keyboard typing, phone ring, mug set down",
        expect="ambience-first",
    ),
    case("misordered", "crowd murmur, glass shatter", expect="ambience-first"),
    case("misordered", "crickets, twig snap, footsteps on dry leaves", expect="ambience-first"),
    case("misordered", "ocean waves in the background, seagull cry, splash", expect="ambience-first"),
    case("misordered", "steady rain, car door slam", expect="ambience-first"),
    case("misordered", "fireplace crackle, log pop", expect="ambience-first"),
    case("misordered", "distant sirens, gunshot, shell casings bouncing", expect="ambience-first"),
    case("misordered", "low rumble, explosion, debris falling", expect="ambience-first"),
    case("misordered", "fridge hum, microwave beep, plate clink", expect="ambience-first"),
    case("misordered", "forest ambience, axe chop", expect="ambience-first vague-sound"),
    # --- Negated layers -----------------------------------------------------------------------------------------
    case("negated", "footsteps on gravel, no music", expect="negation"),
    case("negated", "", "no drums", "negation"),
    case("negated", "door creak, without voices", expect="negation"),
    case("negated", "typing, mouse clicks, no background noise", expect="negation"),
    case("negated", "", "none", "negation"),
    case("negated", "waves crashing", "ambient pads, no vocals, slow", "negation"),
    case("negated", "engine rev but no tire screech", expect="negation"),
    case("negated", "", "don't add any music", "negation"),
    case("negated", "rain on window, no thunder", expect="negation"),
    case("negated", "no sound effects", expect="negation"),
    case("negated", "", "solo piano without strings, 70 BPM", "negation"),
    case("negated", "bubbles, avoid any splashing", expect="negation"),
    case("negated", "", "nothing", "negation"),
    case("negated", "footsteps, never any dialogue", expect="negation"),
    # --- Misplaced layers ---------------------------------------------------------------------------------------
    case("misplaced", "footsteps on gravel, sad piano melody", expect="misplaced-layer"),
    case("misplaced", "", "rain on window", "misplaced-layer"),
    case("misplaced", "door slam, upbeat background music", expect="misplaced-layer"),
    case("misplaced", "lo-fi beat, vinyl crackle", expect="misplaced-layer"),
    case("misplaced", "", "soft jazz, footsteps, 90 BPM", "misplaced-layer"),
    case("misplaced", "whoosh, 120 BPM", expect="misplaced-layer"),
    case("misplaced", "", "gentle piano, 65 BPM, birds chirping", "misplaced-layer"),
    case("misplaced", "car engine, epic orchestral soundtrack", expect="misplaced-layer"),
    case("misplaced", "", "thunder, heavy rain", "misplaced-layer"),
    case("misplaced", "crowd cheer, techno", expect="misplaced-layer"),
    case("misplaced", "", "dark ambient drone, door creaks, 60 BPM", "misplaced-layer"),
    case("misplaced", "sizzle, cheerful ukulele melody", expect="misplaced-layer"),
    case("misplaced", "", "clock ticking", "misplaced-layer"),
    case("misplaced", "tense strings, footsteps in a corridor", expect="misplaced-layer"),
    case("misplaced", "", "slow cello, glass shatter", "misplaced-layer"),
    # --- Dialog, lyrics, lip sync -------------------------------------------------------------------------------
    case("dialog", "man saying hello, door slam", expect="dialog-requested"),
    case("dialog", "people talking in a cafe, cups clinking", expect="dialog-requested"),
    case("dialog", "narrator voiceover", expect="dialog-requested"),
    case("dialog", "", "pop song with lyrics about summer", "dialog-requested music-missing-tempo"),
    case("dialog", "lip sync to the singer", expect="dialog-requested"),
    case("dialog", "two friends having a conversation, traffic", expect="dialog-requested"),
    case("dialog", "", "upbeat indie rock with female vocals, 120 BPM", "dialog-requested"),
    case("dialog", "sports commentator shouting, crowd roar", expect="dialog-requested"),
    case("dialog", "woman whispering 'come closer', fabric rustle", expect="dialog-requested"),
    case("dialog", "kid says wow, balloon pop", expect="dialog-requested"),
    case("dialog", "", "rap verse over a trap beat, 140 BPM", "dialog-requested"),
    case("dialog", "interview audio, chair creak", expect="dialog-requested"),
    case("dialog", "teacher explaining the lesson, chalk on blackboard", expect="dialog-requested"),
    # --- ASMR mode against the shot --------------------------------------------------------------------------
    case("asmr", "explosion, debris scatter, distant sirens", asmr=True, expect="asmr-mismatch"),
    case("asmr", "crowd roar, stadium chant", asmr=True, expect="asmr-mismatch"),
    case("asmr", "helicopter blades, gunfire", asmr=True, expect="asmr-mismatch"),
    case(
        "asmr",
        "tires screech, engine roar",
        asmr=True,
        scene="car chase on a highway",
        expect="asmr-mismatch",
    ),
    case(
        "asmr",
        "sword clash, battle cries",
        asmr=True,
        scene="wide shot of a battlefield",
        expect="asmr-mismatch",
    ),
    case("asmr", "fireworks bursting, crowd cheering", asmr=True, expect="asmr-mismatch"),
    case(
        "asmr",
        "brush bristles, powder tap, compact click",
        scene="macro shot of makeup",
        expect="asmr-mismatch",
    ),
    case(
        "asmr", "paper crinkle, tape peel, cardboard flap", scene="close-up unboxing", expect="asmr-mismatch"
    ),
    case(
        "asmr",
        "slime squish, soft popping, fingers pressing",
        scene="extreme close-up of slime",
        expect="asmr-mismatch",
    ),
    case("asmr", "tactile fabric rustle, silk sliding over skin", expect="asmr-mismatch"),
    case(
        "asmr",
        "soap cutting, crumbling soap flakes, blade scrape",
        scene="macro soap cutting",
        expect="asmr-mismatch",
    ),
    case("asmr", "honey drip, spoon on glass jar, wooden dipper tap", expect="asmr-mismatch"),
    case(
        "asmr",
        "rocket launch roar, rumble",
        asmr=True,
        scene="aerial shot of the launch pad",
        expect="asmr-mismatch",
    ),
    # --- Music without instruments or tempo -------------------------------------------------------------------
    case("music", "", "sad music", "music-missing-instrument music-missing-tempo"),
    case("music", "", "epic soundtrack", "music-missing-instrument music-missing-tempo"),
    case("music", "", "happy background music, upbeat", "music-missing-instrument"),
    case("music", "", "something romantic for a wedding", "music-missing-instrument music-missing-tempo"),
    case("music", "", "dark and mysterious", "music-missing-instrument music-missing-tempo"),
    case("music", "", "chill vibes, slow", "music-missing-instrument"),
    case("music", "", "energetic track, 128 BPM", "music-missing-instrument"),
    case("music", "", "warm acoustic guitar and light shakers", "music-missing-tempo"),
    case("music", "", "melancholic melody", "music-missing-instrument music-missing-tempo"),
    case("music", "", "jazz trio", "music-missing-tempo"),
    case("music", "", "dreamy, ethereal, floating", "music-missing-instrument music-missing-tempo"),
    case("music", "", "driving synthwave, fast", "tempo-without-bpm", events=CUTS_HALF_SECOND),
    case("music", "", "slow piano, soft strings", "tempo-without-bpm", events=CUTS_EVERY_SECOND),
    case("music", "", "warm rhodes chords", "music-missing-tempo", events=CUTS_EVERY_SECOND),
    case("music", "", "inspiring corporate music", "music-missing-instrument music-missing-tempo"),
    # --- Two dense prompts ----------------------------------------------------------------------------------------
    case(
        "dense",
        "footsteps on gravel, gate creak, distant crows, wind in dry grass, dog bark far away, leaves skittering, "
        "church bells",
        "tense cinematic strings, low drone, sparse piano, ticking percussion, deep sub bass pulses, slow, 60 BPM",
        "dense-prompts",
    ),
    case(
        "dense",
        "knife chopping, oil sizzle, pot lid clink, tap running, fridge door thud, egg crack, whisk on a bowl, "
        "plates stacking",
        "cheerful ukulele, hand claps, glockenspiel, whistled melody, light shaker, bouncy bass, upbeat, 118 BPM",
        "dense-prompts",
    ),
    case(
        "dense",
        "engine rev, tires screech, gear shift clunk, turbo whistle, gravel spray, exhaust pops, horn blast, "
        "crowd cheer",
        "driving rock, distorted guitars, pounding drums, bass riff, guitar solo in the middle, fast, 150 BPM",
        "dense-prompts",
    ),
    case(
        "dense",
        "keyboard typing, mouse click, phone buzz, coffee slurp, chair creak, paper shuffle, printer whir, "
        "door knock",
        "lo-fi hip hop, dusty drums, mellow rhodes, vinyl crackle, soft bass, tape wobble, laid-back, 80 BPM",
        "dense-prompts",
    ),
    case(
        "dense",
        "sword clash, shield impact, arrow whoosh, horse gallop, armor clank, war horn, battle cry, fire crackle",
        "epic orchestra, taiko drums, brass swells, choir, string ostinato, cymbal rolls, driving, 130 BPM",
        "dense-prompts",
    ),
    # --- The scene leans one way ------------------------------------------------------------------------------
    case(
        "scene",
        "sneakers squeak, clap",
        "upbeat house, 124 BPM",
        "unneeded-layer",
        scene="dance video in a studio",
    ),
    case(
        "scene",
        "knife on board, sizzle",
        "happy ukulele, upbeat",
        "unneeded-layer",
        scene="cooking tutorial, hands only",
    ),
    case("scene", "camera shutter, whoosh", "indie pop, 110 BPM", "unneeded-layer", scene="music video"),
    case(
        "scene",
        "sanding wood, chisel tap",
        "lo-fi beat, 85 BPM",
        "unneeded-layer",
        scene="woodworking tutorial",
    ),
    case("scene", "page turns", "soft piano, slow", "unneeded-layer", scene="photo slideshow of a wedding"),
    case("scene", "", "upbeat house, 124 BPM", scene="dance video in a studio"),
    case("scene", "knife on board, sizzle", scene="cooking tutorial, hands only"),
    # --- Format, filler and repeats ---------------------------------------------------------------------------
    case("format", "footsteps on gravel; distant crows.\nWind in dry grass.", expect="list-format"),
    case("format", "the sound of rain on a tin roof", expect="filler-words"),
    case("format", "door slam, footsteps, door slam", expect="duplicate-item"),
    case("format", "we hear a kettle whistle, cups clinking", expect="filler-words"),
    case("format", "- footsteps\n- door creak\n- wind", expect="list-format"),
    case("format", "please add thunder, rain sounds", expect="filler-words"),
    case("format", '"glass shatter, crowd gasp"', expect="list-format"),
    case("format", "footsteps  on   gravel ,distant crows", expect="list-format"),
    case("format", "", "warm pads, warm pads, slow", "duplicate-item"),
    case("format", "bird sounds, leaves rustling", expect="vague-sound"),
    # --- Good prompts: must raise no warning or error ----------------------------------------------------------
    case("good", "keys jingle, car door slam, engine start, seatbelt click"),
    case("good", "knife chopping on wood board, onion sizzle in a pan, pot lid clink"),
    case(
        "good",
        "basketball bounce on hardwood, sneakers squeaking, swish through the net",
        "",
        scene="basketball game in a gym",
    ),
    case("good", "", "warm rhodes chords, brushed drums, upright bass, laid-back, 85 BPM"),
    case("good", "owl hoot, twig snap, crickets", "low string drone, sparse piano notes, slow, 60 BPM"),
    case("good", "zipper pull, tent flap, campfire crackle"),
    case("good", "typing on a mechanical keyboard, mouse click, mug set down"),
    case("good", "wave crash, seagull cry, wind", "acoustic guitar, light shaker, relaxed, 90 BPM"),
    case("good", "dog bark, paws on wooden floor, collar jingle"),
    case("good", "", "driving synthwave, pulsing bass, gated drums, 118 BPM"),
    case("good", "page turn, pencil scratching on paper"),
    case("good", "espresso machine hiss, cups clinking, crowd murmur"),
    case("good", "thunder crack, rain on window, distant wind"),
    case("good", "", "solo cello, slow, mournful, 55 BPM"),
    case("good", "punch impact, body fall, fabric swish"),
    case("good", "train horn, wheels clacking on rails, brake squeal"),
    case("good", "bicycle bell, chain clicking, tires on gravel", "ukulele, hand claps, upbeat, 120 BPM"),
    case("good", "lighter flick, cigarette crackle, exhale"),
    case("good", "ice cubes clinking in a glass, liquid pour, fizz", asmr=True),
    case(
        "good", "brush bristles on skin, compact click, powder tap", asmr=True, scene="macro shot of makeup"
    ),
    case("good", "cork pop, glasses clinking, laughter"),
    case("good", "", "taiko drums, brass swells, full orchestra, driving, 128 BPM"),
    case("good", "sword clash, blade whoosh, armor clank"),
    case("good", "door knock, door creak, floorboard groan", "sparse piano notes, low cello, slow, 60 BPM"),
    case("good", "water splash, underwater bubbles"),
    case("good", "skis carving snow, pole plant, wind gust"),
    case("good", "", "bossa nova guitar, soft shaker, 100 BPM"),
    case("good", "footsteps on wet pavement, puddle splash, distant traffic", scene="rainy night street"),
    case("good", "servo whir, metal footstep clank, hydraulic hiss"),
    case("good", "cat meow, purr, paws landing on carpet"),
    case("good", "hammer strikes, power drill whine, metal beam clang"),
    case("good", "", "music box melody, celesta, slow, 65 BPM"),
    case("good", "phone vibration on a wooden table, notification ping"),
    case("good", "heels on marble, revolving door whoosh, elevator ding"),
    case("good", "crunchy bite, fork on plate, glass clink"),
    case("good", "", "8-bit chiptune, bouncy, 140 BPM"),
    case("good", "tape peel, cardboard flap, tissue paper crinkle", asmr=True, scene="close-up unboxing"),
    case("good", "arrow release, bowstring twang, arrow thud into a target"),
    case(
        "good", "hooves on dirt, horse snort, saddle leather creak", "slide guitar, harmonica, slow, 75 BPM"
    ),
    case("good", "chalk on blackboard, school bell, chairs scraping"),
    case("good", "", "dark ambient drone, deep sub bass, 50 BPM"),
    case("good", "heartbeat, heavy breathing, footsteps running on concrete"),
    case("good", "rope creak, sail flapping, water lapping against the hull"),
    case("good", "match strike, candle flame flicker, soft exhale", asmr=True),
    case("good", "skateboard wheels on concrete, ollie pop, board clack", "punk rock, fast, 170 BPM"),
    case("good", "coin pickup chime, jump blip, menu click"),
    case("good", "wings flapping, branch creak, distant birdsong"),
    case(
        "good",
        "glass shatter, alarm bell, running footsteps",
        "tense low strings, ticking percussion, fast, 140 BPM",
    ),
    case("good", "", "harp arpeggios, shimmering pads, slow, 70 BPM"),
    case("good", "scissors snip, paper fold, glue cap click", "", asmr=True, scene="hands folding paper"),
    case("good", "elevator hum, floor chime, doors sliding open"),
    case("good", "snowball thud, boots crunching on snow, laughter", "sleigh bells, upbeat piano, 120 BPM"),
)
