"""The guide's own examples, and good prompt pairs that must raise no warning or error."""

from __future__ import annotations

from tests.tools.lint.corpus_case import Case, case

SEED: tuple[Case, ...] = (
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
)

GOOD: tuple[Case, ...] = (
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
