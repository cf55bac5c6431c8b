"""Music vocabulary: instruments, genres, tempo words with their BPM, and moods with the instrumentation they suggest."""

from __future__ import annotations

from dataclasses import dataclass

from tools.lint.lexicon.events import terms

INSTRUMENT = terms(
    """
    piano, felt piano, grand piano, upright piano, keys, rhodes, electric piano, organ, pipe organ, hammond,
    synth, synths, synthesizer, synthesiser, pad, pads, synth pad, strings, string, string section, violin,
    violins, viola, cello, cellos, double bass, contrabass, bass, bass guitar, sub bass, 808, guitar, guitars,
    nylon-string, nylon string guitar, acoustic guitar, electric guitar, steel guitar, slide guitar, ukulele,
    banjo, mandolin, harp, flute, flutes, piccolo, clarinet, oboe, bassoon, saxophone, sax, trumpet, trumpets,
    horn section, french horn, horns, trombone, tuba, brass, woodwinds, woodwind, drums, drum, drum kit,
    drum machine, drum loop, percussion, timpani, taiko, snare, kick drum, hi-hat, hi-hats, cymbal, cymbals,
    bells, tubular bells, glockenspiel, celesta, marimba, xylophone, vibraphone, kalimba, music box,
    harmonica, accordion, bagpipes, sitar, tabla, koto, shamisen, erhu, didgeridoo, steel drum, steel drums,
    choir, orchestra, orchestral, ensemble, quartet, string quartet, trio, band, big band, electronics,
    arpeggiator, arpeggio, arpeggios, bassline, drone, ostinato, pizzicato, theremin, mellotron,
    harpsichord, lute, hand claps, claps, beat, beats, drumbeat, breakbeat, groove, riff, riffs, chords,
    plucks, pluck, lead synth, bass synth, modular synth, analog synth, wurlitzer, clavinet, upright bass,
    fiddle, dulcimer, santoor, oud, bouzouki, shakuhachi, gamelan, handpan, djembe, congas, bongos, cajon,
    tambourine, shaker, triangle, castanets, wind chimes, cowbell, vocal pad, wordless vocals, humming,
    whistled melody, music box melody, tape loop, sampler, turntable, scratching, vinyl
    """
)

# Genres carry their instrumentation with them ("synthwave 110 BPM" needs no instrument list).
GENRE = terms(
    """
    lo-fi, lofi, lo fi, hip hop, hip-hop, boom bap, trap, jazz, smooth jazz, blues, rock, indie rock,
    post-rock, punk, metal, heavy metal, pop, synth-pop, synthpop, synthwave, retrowave, darkwave, edm,
    house, deep house, techno, trance, drum and bass, drum & bass, dnb, dubstep, garage, uk garage, ambient,
    dark ambient, classical, baroque, romantic era, symphonic, folk, indie folk, country, bluegrass, reggae,
    ska, funk, disco, soul, r&b, rnb, gospel, latin, salsa, bossa nova, samba, tango, flamenco, afrobeat,
    afrobeats, k-pop, j-pop, chiptune, 8-bit, downtempo, trip hop, trip-hop, chillhop, chillwave, vaporwave,
    shoegaze, grunge, emo, bebop, swing, big band, marching band, waltz, march, lullaby, carnatic, celtic,
    medieval, new age, minimalism, minimalist, post-minimal, neoclassical, cinematic orchestral,
    trailer music, hybrid trailer, phonk, drill, grime, jungle, breakbeat, idm, glitch, industrial,
    electro, electronica, electronic, dance, eurodance, hyperpop, city pop, bossa, mariachi, polka, klezmer,
    calypso, zydeco, americana, gamelan, score, film score, orchestral score, underscore, ballad, power ballad,
    singer-songwriter, acoustic, unplugged
    """
)

# Genres that can stand for music in the sound effect prompt without also naming a sound or a place.
GENRE_IN_SFX = terms(
    """
    lo-fi, lofi, hip hop, hip-hop, jazz, blues, techno, edm, synthwave, dubstep, drum and bass, dnb,
    reggae, disco, orchestral, symphonic, classical, trance, bossa nova, salsa, k-pop, gospel, r&b,
    chillhop, downtempo, trip hop, vaporwave, synth-pop, deep house, film score, orchestral score
    """
)

# Words that only a music bed uses: in the sound effect prompt they mean the layer is misplaced.
MUSIC_CUE = terms(
    """
    music, musical, melody, melodies, melodic, soundtrack, song, songs, tune, tunes, jingle music, bgm, bpm,
    tempo, chord, chords, chord progression, harmony, harmonies, bassline, arpeggio, arpeggios, ostinato,
    background music, music bed, score music, theme music, instrumental, backing track, beat drop, drumbeat,
    beat, beats, riff, riffs, crescendo, refrain, verse, chorus line, playlist, anthem, hook, groove
    """
)

# Parts of a music bed that also name a sound: in the music prompt they are music, not misplaced foley.
MUSIC_ELEMENT = terms(
    """
    riser, risers, braam, braams, stab, stabs, swell, swells, drop, hit, hits, impact, impacts, boom, booms,
    pulse, pulses, clap, claps, snap, snaps, stomp, stomps, kick, roll, drum roll, crash, bell, bells, chime,
    chimes, whistle, hum, rumble, drone, ticking clock percussion, heartbeat pulse, sub drop, reverse cymbal,
    whoosh transition, build, build-up, buildup, space, notes, note, three notes, silence, rest, rests,
    layers, texture, textures, motif, theme, phrase, loop, loops, vinyl crackle, tape hiss, sidechain, hammers,
    felt hammers, mallets, sustain pedal, pedal, bow, bowing, reed, pick, fingerpicking, strumming, keys
    """
)

# Words that name the music layer without saying what it is made of.
MUSIC_GENERIC = terms(
    "music, background music, soundtrack, score, song, track, tune, bgm, bed, music bed, melody, theme, instrumental"
)

# Tempo words and the BPM a composer would read them as.
TEMPO_BPM: dict[str, int] = {
    "largo": 50,
    "lento": 55,
    "grave": 45,
    "adagio": 66,
    "very slow": 55,
    "slow": 70,
    "slowly": 70,
    "slower": 70,
    "half-time": 70,
    "half time": 70,
    "andante": 80,
    "laid-back": 85,
    "laid back": 85,
    "relaxed": 85,
    "walking pace": 90,
    "moderate": 100,
    "moderato": 100,
    "mid-tempo": 100,
    "midtempo": 100,
    "medium tempo": 100,
    "steady": 100,
    "upbeat": 120,
    "up-tempo": 125,
    "uptempo": 125,
    "allegro": 130,
    "driving": 128,
    "brisk": 120,
    "bouncy": 115,
    "fast": 140,
    "faster": 140,
    "quick": 140,
    "double-time": 160,
    "double time": 160,
    "frantic": 165,
    "presto": 180,
    "downtempo": 90,
    "rubato": 70,
    "free time": 70,
}


# The tempo a genre usually runs at, as a tempo word and a BPM.
GENRE_TEMPO: dict[str, tuple[str, int]] = {
    "lo-fi": ("laid-back", 80),
    "lofi": ("laid-back", 80),
    "lo fi": ("laid-back", 80),
    "hip hop": ("laid-back", 90),
    "hip-hop": ("laid-back", 90),
    "boom bap": ("laid-back", 90),
    "chillhop": ("laid-back", 85),
    "trip hop": ("slow", 85),
    "downtempo": ("slow", 90),
    "trap": ("half-time", 140),
    "dubstep": ("half-time", 140),
    "drum and bass": ("fast", 174),
    "dnb": ("fast", 174),
    "house": ("driving", 124),
    "deep house": ("steady", 120),
    "techno": ("driving", 130),
    "trance": ("driving", 138),
    "edm": ("upbeat", 128),
    "synthwave": ("driving", 110),
    "retrowave": ("driving", 110),
    "disco": ("upbeat", 118),
    "funk": ("mid-tempo", 105),
    "reggae": ("laid-back", 75),
    "bossa nova": ("relaxed", 100),
    "samba": ("fast", 100),
    "punk": ("fast", 170),
    "metal": ("fast", 150),
    "rock": ("driving", 120),
    "pop": ("upbeat", 115),
    "country": ("mid-tempo", 100),
    "ambient": ("slow", 60),
    "lullaby": ("slow", 60),
    "waltz": ("moderate", 90),
    "march": ("steady", 110),
    "chiptune": ("fast", 150),
    "8-bit": ("fast", 150),
    "jazz": ("mid-tempo", 110),
    "swing": ("upbeat", 130),
    "afrobeat": ("mid-tempo", 105),
    "afrobeats": ("mid-tempo", 105),
    "k-pop": ("upbeat", 120),
}


@dataclass(frozen=True)
class Mood:
    """A music mood and what to write instead of it: instruments first, then a tempo word."""

    name: str
    triggers: tuple[str, ...]
    instrumentation: tuple[str, ...]
    tempo: str


def _mood(name: str, triggers: str, instrumentation: str, tempo: str) -> Mood:
    return Mood(name, terms(triggers), terms(instrumentation), tempo)


MOODS: tuple[Mood, ...] = (
    _mood(
        "tense",
        "tense, tension, suspense, suspenseful, ominous, dread, dark, sinister, scary, creepy, eerie, "
        "horror, spooky, menacing, unsettling, anxious, fear, thriller",
        "low string drone, sparse piano notes",
        "slow",
    ),
    _mood(
        "sad",
        "sad, sadness, melancholic, melancholy, somber, sombre, mournful, grief, tragic, lonely, "
        "heartbreaking, emotional, emotion, emotions, bittersweet, wistful",
        "solo piano, soft cello",
        "slow",
    ),
    _mood(
        "calm",
        "calm, peaceful, relaxing, relaxed, gentle, soft, serene, soothing, tranquil, mellow, quiet, "
        "meditative, ambient, chill, cozy, warm, sunset, timelapse, slow-motion, slow motion, sleeping, asleep",
        "acoustic guitar, warm pads",
        "slow",
    ),
    _mood(
        "epic",
        "epic, heroic, triumphant, powerful, grand, majestic, victorious, cinematic, massive, huge, "
        "big, blockbuster, trailer, dramatic, drama",
        "full orchestra, taiko drums, brass swells",
        "driving",
    ),
    _mood(
        "happy",
        "happy, cheerful, joyful, joy, playful, fun, bright, uplifting, positive, sunny, feel-good, "
        "carefree, hope, hopeful, optimistic, summer, upbeat",
        "ukulele, hand claps, glockenspiel",
        "upbeat",
    ),
    _mood(
        "energetic",
        "energetic, energy, exciting, excitement, intense, intensity, action, hype, adrenaline, "
        "aggressive, fierce, urgent, urgency, momentum, sport, sports, workout, skate, skater, skateboard, "
        "skateboarding, skatepark, kickflip, bmx, parkour, chase, race, racing, drift, drifting, fight, fighting, "
        "boxing, boxer, boxers, punches, sprint, sprinting, extreme sports",
        "driving drums, distorted bass synth",
        "fast",
    ),
    _mood(
        "romantic",
        "romantic, romance, love, tender, intimate, sensual, wedding, dreamy love",
        "soft strings, felt piano",
        "slow",
    ),
    _mood(
        "mysterious",
        "mysterious, mystery, curious, intrigue, intriguing, enigmatic, sneaky, detective",
        "pizzicato strings, celesta",
        "moderate",
    ),
    _mood(
        "dreamy",
        "dreamy, ethereal, magical, magic, whimsical, wonder, awe, floating, celestial, fairy tale, "
        "fantasy, enchanted",
        "shimmering synth pads, harp arpeggios",
        "slow",
    ),
    _mood(
        "funky",
        "funky, groovy, funk, sassy, swagger, cool",
        "slap bass, wah guitar, tight drums",
        "mid-tempo",
    ),
    _mood(
        "nostalgic",
        "nostalgic, nostalgia, retro, vintage, memories, memory, old-fashioned",
        "warm electric piano, tape-saturated drums",
        "laid-back",
    ),
    _mood(
        "inspiring",
        "inspiring, inspirational, motivational, corporate, confident, ambitious, success",
        "bright piano, plucked strings, light percussion",
        "upbeat",
    ),
    _mood(
        "futuristic",
        "futuristic, sci-fi, scifi, cyberpunk, space, technological, tech, digital, robotic",
        "analog synth arpeggio, deep sub bass",
        "mid-tempo",
    ),
    _mood(
        "festive",
        "festive, christmas, holiday, holidays, celebration, celebratory, party, birthday",
        "sleigh bells, brass section, upbeat piano",
        "upbeat",
    ),
)

# When nothing in the request hints at a mood.
DEFAULT_MOOD = _mood("neutral", "", "soft piano, warm pads", "moderate")
