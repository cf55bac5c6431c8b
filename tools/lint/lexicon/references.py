"""Music references: artists, composers, film and game scores, and genres the main lexicon lacks, each mapped to
what a sound designer would write instead: the instruments that make the sound, and a tempo range.

The model is not promised to know a name, and a name alone says nothing about tempo; "sounds like Daft Punk"
becomes filtered disco house at 118-126 BPM. A tempo word the user wrote always wins over the range here.
"""

from __future__ import annotations

from dataclasses import dataclass

from tools.lint.lexicon.events import terms


@dataclass(frozen=True)
class Reference:
    """A music reference and what it stands for."""

    name: str
    triggers: tuple[str, ...]
    instruments: str
    low: int  # BPM range
    high: int
    tempo: str  # the tempo word for the middle of the range

    @property
    def bpm(self) -> int:
        """The BPM to suggest: the middle of the range, rounded to a multiple of 2."""
        return round((self.low + self.high) / 4) * 2


# name: triggers | instruments | low-high BPM | tempo word
_REFERENCES = """
daft punk: daft punk | filtered disco house, funky bass guitar, vocoder synth, four-on-the-floor drums | 118-126 | upbeat
justice: justice band | distorted electro bass, disco strings, punchy drums | 118-128 | driving
kavinsky: kavinsky, drive soundtrack, the drive soundtrack | retro analog synths, gated snare, pulsing bass | 95-115 | driving
hans zimmer: hans zimmer | low brass, string ostinato, pipe organ, big percussion | 60-90 | slow
interstellar: interstellar | pipe organ, sustained strings, ticking pulse | 60-80 | slow
inception: inception | low brass braams, string ostinato | 60-80 | slow
john williams: john williams | full orchestra, soaring brass fanfare, strings | 100-130 | upbeat
star wars: star wars, guerra de las galaxias, guerre des étoiles, krieg der sterne, guerra nas estrelas, guerre stellari | full orchestra, brass fanfare, timpani | 100-130 | upbeat
howard shore: lord of the rings, howard shore, señor de los anillos, seigneur des anneaux, herr der ringe, senhor dos anéis, signore degli anelli | choir, full orchestra, celtic whistle | 70-100 | moderate
game of thrones: game of thrones, ramin djawadi, juego de tronos, trône de fer, trono di spade, guerra dos tronos | solo cello ostinato, taiko drums, strings | 80-100 | moderate
harry potter: harry potter | celesta, full orchestra, strings | 90-120 | moderate
pirates of the caribbean: pirates of the caribbean, piratas del caribe, pirates des caraïbes, fluch der karibik, piratas do caribe, pirati dei caraibi | driving string ostinato, french horns, big drums | 120-140 | driving
james bond: james bond, 007 | brass stabs, twangy surf guitar, lush strings | 90-120 | moderate
the last of us: the last of us, gustavo santaolalla, santaolalla | ronroco, sparse acoustic guitar, soft strings | 60-90 | slow
skyrim: skyrim, elder scrolls | male choir, full orchestra, war drums | 70-100 | moderate
jurassic park: jurassic park, parque jurásico | full orchestra, french horns, soaring strings | 80-110 | moderate
the godfather: the godfather, el padrino, le parrain, der pate, il padrino, poderoso chefão | solo trumpet, mandolin, waltzing strings | 60-80 | slow
mission impossible: mission impossible, misión imposible, missão impossível | brass ostinato, bongos, strings | 130-150 | driving
the witcher: the witcher, witcher | hurdy-gurdy, frame drum, folk fiddle, low strings | 70-110 | moderate
zelda: zelda, breath of the wild | sparse piano notes, plucked strings, light woodwinds | 80-110 | moderate
mario: mario, mario kart, super mario | bright synth lead, slap bass, bouncy drums | 130-160 | fast
pokemon: pokemon, pokémon | chiptune lead, bright brass synth, snappy drums | 120-150 | upbeat
minecraft: minecraft, c418 | soft felt piano, warm ambient pads | 60-80 | slow
undertale: undertale, toby fox | chiptune lead, synth bass, snappy drums | 110-150 | upbeat
final fantasy: final fantasy, nobuo uematsu | orchestral strings, harp arpeggios, piano | 70-110 | moderate
hollow knight: hollow knight | melancholic strings, solo piano, choir pad | 60-90 | slow
stranger things: stranger things | analog synth arpeggio, deep synth bass, pads | 90-115 | driving
tron: tron legacy, tron | pulsing analog synths, orchestral strings, electronic drums | 90-120 | driving
ghibli: ghibli, studio ghibli, joe hisaishi, hisaishi | gentle piano, warm strings, flute | 70-100 | moderate
amelie: amelie, amélie, yann tiersen, tiersen | accordion, toy piano, waltzing strings | 85-110 | moderate
einaudi: einaudi, ludovico einaudi | solo felt piano, soft strings | 60-80 | slow
max richter: max richter | solo piano, slow strings | 50-70 | slow
ennio morricone: ennio morricone, morricone, spaghetti western | twangy electric guitar, whistled melody, trumpet, whip cracks | 70-100 | moderate
john carpenter: john carpenter | minimal analog synth, pulsing bass | 90-120 | driving
vangelis: vangelis, blade runner | lush analog synth pads, warm brass synth | 60-90 | slow
beethoven: beethoven | orchestral strings, piano | 60-110 | moderate
moonlight sonata: moonlight sonata | solo piano, slow arpeggiated triplets | 50-60 | slow
mozart: mozart | chamber strings, harpsichord, piano | 100-130 | upbeat
bach: bach, johann sebastian bach | harpsichord, pipe organ, counterpoint strings | 80-110 | moderate
chopin: chopin | solo piano, rubato | 60-90 | slow
vivaldi: vivaldi, four seasons | baroque strings, harpsichord | 100-130 | upbeat
debussy: debussy, clair de lune | impressionist piano, harp | 50-70 | slow
satie: satie, erik satie, gymnopedie, gymnopédie | sparse solo piano | 60-75 | slow
nujabes: nujabes | jazzy lo-fi hip hop, mellow piano samples, dusty drums | 85-95 | laid-back
lofi girl: lofi girl, lo-fi girl, lofi hip hop radio | mellow rhodes, dusty drums, vinyl crackle | 70-90 | laid-back
travis scott: travis scott | dark trap, heavy 808 bass, hi-hat rolls, atmospheric synths | 130-160 | half-time
kendrick lamar: kendrick lamar, kendrick | boom bap drums, jazzy keys, deep bass | 85-95 | laid-back
drake: drake | moody trap, soft pads, 808 bass | 70-100 | laid-back
the weeknd: the weeknd, weeknd | retro synth-pop, gated drums, analog synths | 105-125 | upbeat
dua lipa: dua lipa | disco-pop bass, funky guitar, four-on-the-floor drums | 110-125 | upbeat
taylor swift: taylor swift | acoustic guitar, bright pop drums, synth pads | 90-125 | upbeat
billie eilish: billie eilish | minimal dark pop, deep sub bass, soft synths, finger snaps | 60-100 | slow
coldplay: coldplay | anthemic piano chords, shimmering electric guitar, big drums | 75-125 | moderate
radiohead: radiohead | atmospheric guitars, glitchy drums, piano | 70-110 | moderate
tame impala: tame impala | psychedelic synths, phased guitars, groovy bass | 95-120 | mid-tempo
queen: queen band | stadium rock guitars, piano, stomping drums | 80-120 | driving
metallica: metallica | heavy distorted guitars, double-kick drums | 120-180 | fast
nirvana: nirvana | distorted grunge guitars, loud drums | 110-150 | driving
abba: abba | disco piano, strings, four-on-the-floor drums | 100-130 | upbeat
bad bunny: bad bunny | reggaeton dembow drums, deep bass, synth plucks | 85-100 | mid-tempo
reggaeton: reggaeton | dembow drums, deep bass, synth plucks | 85-100 | mid-tempo
cumbia: cumbia | accordion, guacharaca scraper, bass, hand percussion | 85-110 | mid-tempo
avicii: avicii | progressive house piano chords, acoustic guitar, four-on-the-floor drums | 124-128 | upbeat
skrillex: skrillex | aggressive dubstep wobble bass, heavy drums | 140-150 | half-time
deadmau5: deadmau5 | progressive house synths, steady kick | 125-130 | driving
aphex twin: aphex twin | glitchy breakbeats, analog synths | 90-160 | driving
brian eno: brian eno, eno | ambient synth pads, soft piano | 50-70 | slow
bonobo: bonobo | downtempo electronics, organic percussion, strings | 85-110 | laid-back
m83: m83 | dreamy synths, big reverbed drums | 95-120 | driving
phonk: phonk | cowbell melody, distorted 808 bass, memphis drums | 130-160 | fast
k-pop: bts, blackpink | bright synth-pop, punchy drums, bass drops | 110-130 | upbeat
"""


def _parse(text: str) -> tuple[Reference, ...]:
    out: list[Reference] = []
    for line in text.strip().splitlines():
        name, _, rest = line.partition(": ")
        triggers, instruments, bpm, tempo = (part.strip() for part in rest.split("|"))
        low, _, high = bpm.partition("-")
        out.append(Reference(name, terms(triggers), instruments, int(low), int(high), tempo))
    return tuple(out)


REFERENCES: tuple[Reference, ...] = _parse(_REFERENCES)
