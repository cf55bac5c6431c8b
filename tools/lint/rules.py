"""The rule registry: code, name, severity, fix applicability and documentation of every lint rule.

Codes are stable. The hundreds say what a rule is about:
KV0xx what the model cannot do (limits, scope), KV1xx wording of the sound, KV2xx order and layers,
KV3xx the music prompt, KV4xx the two prompts together and ASMR mode, KV5xx list format.
"""

from __future__ import annotations

from dataclasses import dataclass

from tools.lint.models import Applicability, Severity


@dataclass(frozen=True)
class Example:
    """A request used in a rule's documentation."""

    sfx: str = ""
    music: str = ""
    asmr: bool = False
    scene: str | None = None
    events: tuple[tuple[float, str], ...] = ()


@dataclass(frozen=True)
class Rule:
    """One lint rule and its documentation."""

    code: str
    name: str
    severity: Severity
    fix: Applicability | None
    summary: str
    what: str
    why: str
    example: Example
    use_instead: Example
    # Fixes that overlap are applied in this order; the later one waits for the next pass.
    priority: int


RULES: tuple[Rule, ...] = (
    Rule(
        "KV001",
        "over-length",
        "error",
        "safe",
        "A prompt is over the 200-character limit.",
        "Flags a prompt longer than 200 characters. The fix drops the least important items until the rest "
        "fits: repeats first, then items that name no sound (chat, context), then beds and ambiences, then other "
        "items from the end. It never drops the lead (the event the picture makes most of, else the first item "
        "that names a sound) or an event the scene names, and the message says what it dropped. It cuts between "
        "words only when a single item is too long.",
        "fal refuses a prompt over 200 characters, so nothing would be generated. People often bury the key "
        "event at the end of a long request, so the tail is not what matters least.",
        Example(
            sfx="footsteps on gravel, distant crows, wind in dry grass, a gate creaking open on rusty hinges, "
            "a dog barking twice far away, leaves skittering across the path, a car passing on a wet road, "
            "church bells in the valley"
        ),
        Example(sfx="footsteps on gravel, gate creak, distant crows, wind in dry grass"),
        priority=90,
    ),
    Rule(
        "KV002",
        "dialog-requested",
        "warning",
        "suggested",
        "The prompt asks for speech, dialog, lyrics or lip sync.",
        "Flags requests for spoken words, narration, singing with lyrics or lip sync. The fix removes them, "
        "keeping crowd requests as indistinct murmur.",
        "Kling Video to Audio generates sound effects and music only: dialog is not generated and lip sync is "
        "out of scope. Record or synthesise the voice separately (a TTS model) and mix it in afterwards.",
        Example(sfx="man saying hello, door slam"),
        Example(sfx="door slam, footsteps on tile"),
        priority=20,
    ),
    Rule(
        "KV101",
        "vague-sound",
        "warning",
        "suggested",
        "A genre, mood or place stands where a sound event should be.",
        "Flags items of the sound effect prompt that name a genre, a mood, a setting or an activity instead of "
        'sounds ("city sounds", "nature ambience", "scary noises"). The fix writes concrete events only when '
        "the request supports them: every word of the event is in the user's prompts, the `scene` or the "
        'picture\'s events, or implied by them ("walking" implies footsteps, "rainy" a wet surface). When the '
        "linter cannot know what the picture shows, the rewrite keeps the user's own specific words and the "
        "message offers events to choose from; it never puts stock events into the prompt.",
        'Specific named events synchronise to the picture more reliably than abstract atmosphere: "sneakers on '
        'wet asphalt, occasional puddle splash" beats "city walking sounds".',
        Example(sfx="city walking sounds", scene="rainy night street"),
        Example(sfx="footsteps on wet pavement, puddle splash, distant traffic"),
        priority=40,
    ),
    Rule(
        "KV102",
        "directorial-language",
        "warning",
        "safe",
        'Directions about effect ("build tension") instead of sound.',
        'Flags phrases that direct an effect on the audience rather than describe a sound: "build tension", '
        '"create excitement", "make it feel epic", "set the mood", "keep viewers engaged" and their many '
        "variants. The fix removes them.",
        "Directorial verbs do nothing: the model hears words about sounds (events, instruments, volume, "
        "frequency range), not intentions.",
        Example(sfx="scary monster sounds, build suspense", music="build suspense"),
        Example(
            sfx="claws on concrete, low growl, fabric tear",
            music="minimal piano, three notes, 60 BPM, lots of space",
        ),
        priority=30,
    ),
    Rule(
        "KV103",
        "negation",
        "warning",
        "safe",
        'A prompt names a layer in order to exclude it ("no music").',
        'Flags negated layers: "no music", "without voices", "don\'t add drums", and placeholders such as '
        '"none". The fix deletes the negated part, which empties the field when nothing else is left.',
        'The model biases towards the words it is given; it does not parse "no". Naming a layer, even to refuse '
        "it, invites it. To get no music, leave background_music_prompt empty.",
        Example(sfx="footsteps on gravel, no music", music="none"),
        Example(sfx="footsteps on gravel"),
        priority=10,
    ),
    Rule(
        "KV104",
        "filler-words",
        "info",
        "safe",
        'Words that take characters and name nothing ("the sound of", "add").',
        'Flags lead-ins such as "the sound of", "we hear", "please add", trailing "sounds" or "sound '
        'effects" after a named event, and chat filler anywhere ("pls", "kinda", "some", "lol", a leading '
        '"like", emoji). The fix removes them, before and around any other fix.',
        "Both prompts are comma-separated lists of sound events under a 200-character cap; filler spends that "
        "budget and pushes later items out.",
        Example(sfx="the sound of rain sounds, please add thunder"),
        Example(sfx="rain, thunder"),
        priority=60,
    ),
    Rule(
        "KV105",
        "setting-in-prompt",
        "warning",
        "safe",
        'A setting written into a prompt ("set asmr_mode true", "--asmr", a JSON blob).',
        "Flags text that sets a parameter instead of describing a sound: flags such as `--asmr`, "
        '"set asmr_mode true", `asmr_mode: on`, and the keys and braces of a pasted JSON object. The linter '
        "ignores that text in every rule and recommendation; the fix removes it and keeps the sounds around it.",
        "A prompt is read as words to sound out: a setting in it changes nothing but the sound. Set asmr_mode "
        "and the prompts as the tool's own parameters.",
        Example(sfx="rain on window, set asmr_mode true"),
        Example(sfx="rain on window"),
        priority=25,
    ),
    Rule(
        "KV201",
        "ambience-first",
        "warning",
        "suggested",
        "The item the picture makes most of is not first, or a bed leads ahead of a short event.",
        "With evidence of the picture, flags a sound effect prompt whose lead is not the event the picture makes "
        "most of: the item the `scene` names (a bed in the lead gives way to it, so does any item that is not a "
        "short event when it is one, and so does an item the scene does not name when it is a short event the "
        "scene names, or one it names in two words), or the first short event when the picture's events "
        "(`analysis`, `video`) show an impact. A scene in another language is read through the lexicon's "
        "glosses, and a sound word of another language finds the scene's word by its root (frenazo, frena). "
        "Without evidence, flags only a clear case: a bed or an ambience (wind, rain, room tone, birds, crowd "
        "chatter, traffic) in the lead with a short, named event after it; a bed later in the list is left "
        "alone. The fix moves the lead first and the beds after the events, keeping their order otherwise.",
        'The first item gets the strongest emphasis, so lead with the picture-critical sound: "glass shatter, '
        'distant crowd, wind" rather than "wind, distant crowd, glass shatter".',
        Example(sfx="wind, distant crowd, glass shatter"),
        Example(sfx="glass shatter, distant crowd, wind"),
        priority=80,
    ),
    Rule(
        "KV202",
        "misplaced-layer",
        "warning",
        "suggested",
        "Music in the sound effect prompt, or sound effects in the music prompt.",
        "Flags music words (melody, soundtrack, BPM, genres, a mood with an instrument) in "
        "sound_effect_prompt, and sound events with no music in them in background_music_prompt. The fix moves "
        "the item to the other prompt.",
        "The two prompts map to different layers: sound effects are the diegetic events in the picture, music "
        "is the non-diegetic bed. A layer in the wrong prompt leaks into the other.",
        Example(sfx="footsteps on gravel, sad piano melody", music="rain on window"),
        Example(sfx="footsteps on gravel, rain on window", music="sad solo piano, slow"),
        priority=35,
    ),
    Rule(
        "KV203",
        "duplicate-item",
        "info",
        "safe",
        "The same item appears twice in a prompt.",
        "Flags a repeated item. The fix keeps the first one.",
        "Repeating an item does not add emphasis (the first position does) and spends characters.",
        Example(sfx="door slam, footsteps, door slam"),
        Example(sfx="door slam, footsteps"),
        priority=65,
    ),
    Rule(
        "KV301",
        "music-missing-instrument",
        "warning",
        "suggested",
        "The music prompt names no instrument and no genre.",
        'Flags a music prompt with moods, generic words or a reference only ("calm music", "epic soundtrack", '
        '"sounds like Daft Punk"). The fix replaces the vague phrase whole, filler and all, with instruments: '
        "those of the music reference it names (an artist, composer, film or game score, from the references "
        "lexicon listed below), else those of the mood of the prompt, the scene's pace and mood, or a neutral "
        "default. The user's mood word and tempo word stay.",
        'Instruments anchor the output: "solo nylon-string guitar, slow, melancholic" beats "calm music".',
        Example(music="calm music"),
        Example(music="solo nylon-string guitar, slow, melancholic"),
        priority=70,
    ),
    Rule(
        "KV302",
        "music-missing-tempo",
        "info",
        "suggested",
        "The music prompt gives no tempo.",
        "Notes a music prompt with no tempo word and no BPM. The fix adds a tempo word and a BPM: from the "
        "reference's range, the genre's usual tempo, the prompt's mood, else the scene's pace and mood; or the "
        "BPM that puts a beat on the picture's cuts when picture events are given. A tempo word the user wrote "
        'in any language the lexicon knows ("lenta", "langsam", "rapide", "ゆっくり") counts, and is never '
        "contradicted.",
        "Tempo is half of what the guide asks a music prompt to name; add BPM when timing matters.",
        Example(music="tense cinematic strings"),
        Example(music="tense cinematic strings, slow, 70 BPM"),
        priority=75,
    ),
    Rule(
        "KV303",
        "tempo-without-bpm",
        "info",
        "suggested",
        "The picture cuts at a steady pace but the music prompt gives no BPM.",
        "Notes a music prompt with a tempo word but no BPM when picture events show a steady cutting pace. The "
        "fix adds the BPM that lands beats on the cuts.",
        "Add BPM when timing matters: a beat that falls on the cuts makes the edit feel intended.",
        Example(music="driving synthwave, fast", events=tuple((0.5 * i, "scene_cut") for i in range(1, 11))),
        Example(music="driving synthwave, fast, 120 BPM"),
        priority=76,
    ),
    Rule(
        "KV401",
        "asmr-mismatch",
        "warning",
        "suggested",
        "ASMR mode does not fit what the prompts and the scene describe.",
        "Flags ASMR mode on with wide-action words (explosions, crowds, chases, aerial shots), and off with "
        "strong close-up and material cues (macro, close-up, tactile detail). The fix flips asmr_mode.",
        "ASMR mode multiplies fine tactile detail and only pays off on macro and material shots; on a wide "
        "action shot it dampens the broad sound design.",
        Example(sfx="explosion, debris scatter, distant sirens", asmr=True),
        Example(sfx="glass on marble, liquid pour, soft droplets", asmr=True),
        priority=100,
    ),
    Rule(
        "KV402",
        "dense-prompts",
        "warning",
        "suggested",
        "Both prompts are long and packed with items.",
        "Flags a request where both prompts are long and packed: over 90 characters with six or more items, "
        "or over 150 with four or more. The fix keeps the first items of each, and the tempo and instruments "
        "of the music prompt, within 90 characters.",
        "Both prompts produce one mixed track: two short, specific prompts mix more cleanly than two long, "
        "dense ones.",
        Example(
            sfx="footsteps on gravel, gate creak, distant crows, wind in dry grass, dog bark far away, "
            "leaves skittering, church bells",
            music="tense cinematic strings, low drone, sparse piano, ticking percussion, deep sub bass pulses, "
            "slow, 60 BPM",
        ),
        Example(
            sfx="footsteps on gravel, gate creak, distant crows",
            music="tense cinematic strings, low drone, slow, 60 BPM",
        ),
        priority=78,
    ),
    Rule(
        "KV403",
        "unneeded-layer",
        "warning",
        "suggested",
        "The scene leans one way but both prompts are filled.",
        "Flags sound effects on a purely musical clip (dance, music video, slideshow) and music on a purely "
        "diegetic clip (tutorial, craft, product macro), judged from the scene. The fix empties that prompt.",
        "Use one prompt when the clip leans one way: two prompts can fight each other on clips that do not "
        "need both layers.",
        Example(sfx="sneakers squeak, clap", music="upbeat house, 124 BPM", scene="dance video in a studio"),
        Example(music="upbeat house, 124 BPM", scene="dance video in a studio"),
        priority=5,
    ),
    Rule(
        "KV501",
        "list-format",
        "info",
        "safe",
        "Items are not separated by commas.",
        "Notes prompts whose items are split by semicolons, line breaks, bullets or sentences, or carry stray "
        "quotes, spacing or control characters. The fix rewrites them as one comma-separated list.",
        "Each prompt is a comma-separated list of sound events; one consistent separator keeps the items, and "
        "their order, unambiguous.",
        Example(sfx="footsteps on gravel; distant crows.\nWind in dry grass."),
        Example(sfx="footsteps on gravel, distant crows, wind in dry grass"),
        priority=95,
    ),
)

RULES = (
    *RULES,
    Rule(
        "KV502",
        "control-characters",
        "warning",
        "safe",
        "Control or invisible characters inside a prompt.",
        "Flags control and format characters (NUL, zero-width spaces, direction marks ...) anywhere in a "
        "prompt. They are removed before the prompt is split into words, so every other rule reads "
        '"foot<NUL>steps" as "footsteps"; the fix removes them from what is sent.',
        "Invisible characters split or hide words: the model may read two fragments where the prompt shows one "
        "word, and nobody can see why.",
        Example(sfx="foot\x00steps on gravel, gate creak"),
        Example(sfx="footsteps on gravel, gate creak"),
        priority=1,
    ),
)

RULE_BY_NAME: dict[str, Rule] = {rule.name: rule for rule in RULES}
RULE_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}
