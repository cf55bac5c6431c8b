"""Vague terms mapped to concrete candidates, with variants steered by what the scene shows.

A concept is what a vague item is about ("city", "walking", "monster"). Its variants are tried in order; the
first whose tags all appear in the context (the scene, plus the prompt itself) wins, the last is the default.
Candidates list short events before beds, so a rewrite never leads with an ambience.
"""

from __future__ import annotations

from dataclasses import dataclass

from tools.lint.lexicon.events import terms

ACTIVITY, SUBJECT, SETTING, MOOD = 0, 1, 2, 3
_RANKS = {"activity": ACTIVITY, "subject": SUBJECT, "setting": SETTING, "mood": MOOD}


@dataclass(frozen=True)
class Concept:
    """A vague topic and the concrete events it can become."""

    name: str
    rank: (
        int  # when several concepts meet in one item, the lower rank leads: activity, subject, setting, mood
    )
    triggers: tuple[str, ...]
    variants: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]

    def candidates(self, tags: frozenset[str]) -> tuple[str, ...]:
        """The events this concept becomes in a context with these tags."""
        for needed, events in self.variants:
            if all(t in tags for t in needed):
                return events
        return self.variants[-1][1]


# Context tags read from the scene and the prompt: weather, time, surface, place.
TAGS: dict[str, tuple[str, ...]] = {
    "wet": terms(
        "rain, rainy, raining, wet, puddle, puddles, storm, stormy, drizzle, downpour, monsoon, soaked"
    ),
    "night": terms("night, nighttime, midnight, evening, moonlit, moonlight, late night, dusk"),
    "snow": terms("snow, snowy, winter, icy, ice, frozen, blizzard, frost, frosty"),
    "indoor": terms(
        "indoor, indoors, inside, room, house, home, apartment, hallway, corridor, interior, studio, bedroom, "
        "living room, hall"
    ),
    "beach": terms("beach, sand, sandy, seaside, shore, coast, coastal, dunes"),
    "forest": terms("forest, woods, woodland, trail, jungle, leaves, autumn, pine, trees"),
    "city": terms("city, urban, street, downtown, sidewalk, avenue, traffic, alley, crosswalk"),
    "gravel": terms("gravel, dirt road, dirt path, country road"),
    "wood": terms("wooden, wood floor, cabin, deck, boardwalk, floorboards"),
    "water": terms("lake, river, pool, boat, dock, pier, harbor, stream"),
    "crowd": terms("crowd, crowded, busy, market, festival, rush hour, packed"),
    "quiet": terms("quiet, empty, deserted, lonely, still, calm, peaceful"),
    "old": terms("old, abandoned, haunted, creaky, derelict, ruined, ruins"),
    "space": terms("space, spaceship, spacecraft, starship, orbit, alien planet"),
    "basketball": terms("basketball, hoop, dunk"),
    "tennis": terms("tennis, racket, racquet"),
    "woodworking": terms("woodworking, carpentry, chisel, lathe, plank"),
    "pottery": terms("pottery, clay, ceramics, potter's wheel"),
    "sleep": terms("sleep, sleeping, asleep, nap, napping, crib, bedtime"),
}

# name (rank): words that evoke it
#     tag+tag: the events it becomes when the context has these tags
#     the events it becomes otherwise (last line)
_CONCEPTS = """
walking (activity): walk, walking, stroll, strolling, hike, hiking, wander, wandering
    wet: footsteps on wet pavement, puddle splash
    snow: boots crunching on snow, coat rustle
    beach: bare feet on sand, shell crunch
    forest: footsteps on dry leaves, twig snap
    gravel: footsteps on gravel, coat rustle
    indoor: footsteps on wooden floor, floorboard creak
    footsteps on pavement, coat rustle
running (activity): run, running, jog, jogging, sprint, sprinting
    wet: fast footsteps splashing through puddles, heavy breathing
    forest: running footsteps on a dirt trail, twig snap, heavy breathing
    running footsteps on pavement, heavy breathing, jacket swish
cooking (activity): cook, cooking, bake, baking, chef, frying, recipe
    knife chopping on wood board, oil sizzle in a pan, pot lid clink
eating (activity): eat, eating, dinner, lunch, breakfast, meal, food, snack, dining
    fork scraping a plate, crunchy bite, glass clink
driving (activity): drive, driving, road trip, car ride, commute, commuting
    wet: tires on wet asphalt, windshield wipers thump, engine hum
    turn signal ticking, engine rev, tires on asphalt
fighting (activity): fight, fighting, combat, brawl, martial arts, boxing, punching, fistfight
    punch impact, body fall, fabric swish
battle (activity): battle, war, warfare, battlefield, army, soldiers, war zone
    sword: sword clash, shield impact, arrow whoosh
    rifle fire, distant explosion, debris scatter
swimming (activity): swim, swimming, pool, diving
    water splash, underwater bubbles, echoing pool lapping
cycling (activity): cycling, biking, bike ride, bicycle, cyclist
    bicycle chain clicking, tires on gravel, bicycle bell
skating (activity): skate, skating, skateboard, skateboarding, skater
    skateboard wheels rolling on concrete, ollie pop, board clack
skiing (activity): ski, skiing, snowboard, snowboarding
    skis carving snow, pole plant crunch, wind gust
sports (activity): sport, sports, basketball, football, soccer, tennis, baseball, match, workout, gym
    basketball: ball bounce on hardwood, sneakers squeaking, whistle blast
    tennis: racket hit, sneakers squeaking on court, ball bounce
    ball kick, referee whistle, crowd cheer
office work (activity): work, working, typing, office work, studying, homework
    keyboard typing, mouse click, chair creak
cleaning (activity): cleaning, vacuum, vacuuming, washing, scrubbing, chores
    sponge scrubbing, water running into a sink, spray bottle spritz
construction (activity): construction, building site, construction site, renovation, demolition
    hammer strikes, power drill whine, metal beam clang
camping (activity): camping, camp, campsite, campfire, tent
    tent zipper, campfire crackle, crickets
sailing (activity): sailing, boat, boating, ship, yacht, fishing, harbor, harbour, port, dock, pier, marina
    rope creak, sail flapping, water lapping against the hull
flying (activity): flying, flight, airplane, plane, aircraft, airport
    jet engine spool-up, cabin chime, seatbelt click
party (activity): party, celebration, celebrating, birthday, new year
    cork pop, glasses clinking, crowd cheer
unboxing (activity): unboxing, package, parcel, delivery
    tape peel, cardboard flap, tissue paper crinkle
beauty (activity): makeup, skincare, beauty, cosmetics, grooming, hair
    compact click, brush bristles on skin, cream jar lid twist
crafting (activity): craft, crafting, sewing, knitting, woodworking, pottery, painting, drawing
    woodworking: saw through wood, sandpaper scratch, chisel tap
    pottery: wet clay squish, wheel hum, water drip
    scissors snip, paper fold, pencil scratching on paper
writing (activity): writing, handwriting, journaling, letter
    pen scratching on paper, page turn, desk tap
monster (subject): monster, monsters, creature, creatures, beast, alien, demon
    claws on concrete, low growl, fabric tear
zombie (subject): zombie, zombies, undead
    shuffling footsteps, wet groan, flesh tear
ghost (subject): ghost, ghosts, haunted, haunting, spirit, poltergeist
    door creak, cold whoosh, distant whisper
dragon (subject): dragon, dragons
    leathery wings flapping, fire breath roar, claws on stone
dinosaur (subject): dinosaur, dinosaurs, t-rex
    heavy stomp, deep roar, tree branch snap
robot (subject): robot, robots, android, mech, machine, machines, mechanical, cyborg
    servo whir, metal footstep clank, hydraulic hiss
sci-fi (mood): sci-fi, scifi, science fiction, futuristic, spaceship, spacecraft, space station, laser
    laser zap, airlock hiss, engine hum
magic (mood): magic, magical, spell, wizard, witch, fantasy, mystical, fairy
    spell whoosh, sparkle chime, low shimmer
car (subject): car, cars, vehicle, truck, motorcycle, motorbike, race car
    wet: car door slam, tires on wet asphalt, engine idle
    car door slam, engine rev, tires on asphalt
train (subject): train, railway, subway, metro, tram
    train horn, wheels clacking on rails, brake squeal
dog (subject): dog, dogs, puppy, puppies
    dog bark, paws on floor, collar jingle
cat (subject): cat, cats, kitten, kittens
    cat meow, purr, paws landing
bird (subject): bird, birds, seagull, seagulls, crow, crows, parrot
    beach: seagull cry, wings flapping, waves lapping
    wings flapping, birdsong
horse (subject): horse, horses, pony, cowboy, western
    hooves on dirt, horse snort, saddle leather creak
farm (subject): farm, barn, livestock, cow, cows, chickens, sheep
    rooster crow, cow moo, hens clucking
animal (subject): animal, animals, wildlife, zoo
    forest: twig snap, bird call, rustling in undergrowth
    animal call, rustling in grass, birdsong
insects (subject): insect, insects, bug, bugs
    bee buzz, crickets, cicada drone
fire (subject): fire, fireplace, flames, burning, campfire
    log pop, fire crackle
water (subject): water, liquid, drink, drinks
    water splash, liquid pour, trickling stream
weather (subject): weather, storm, stormy, thunderstorm, rainstorm, thunder
    thunder crack, rain on window, wind gust
rain (subject): rain, rainy, raining
    city: puddle splash, rain on awnings, distant traffic
    raindrops on window, gutter drip, steady rain
winter (subject): winter, snow, snowy, blizzard, ice
    boots crunching on snow, icicle snap, cold wind
crowd (subject): crowd, crowds, people, audience, spectators, fans
    applause, crowd cheer, crowd murmur
baby (subject): baby, babies, toddler, kids, children, child
    sleep: soft baby breathing, quiet room tone
    baby giggle, toy rattle, footsteps on carpet
phone (subject): phone, smartphone, technology, tech, gadget, computer, laptop
    notification ping, screen tap, phone vibration
gun (subject): gun, guns, shootout, gunfight, weapon, weapons
    gunshot, shell casing tinkle, reload click
sword (subject): sword, swords, sword fight, blade, knight, knights, medieval
    sword clash, blade whoosh, armor clank
explosion (subject): explosion, explosions, blast, bomb
    explosion boom, debris scatter, glass shatter
fireworks (subject): fireworks, firework
    firework launch whistle, deep boom, crackling burst
game (subject): game, video game, arcade, gaming, gameplay, retro game
    coin pickup chime, jump blip, menu click
cartoon (mood): cartoon, cartoonish, animated, comedic, comedy, funny, silly, goofy
    slide whistle, boing, pop
city (setting): city, urban, town, downtown, street, streets, traffic
    wet: distant traffic, tires on wet asphalt, rain on awnings
    night: distant siren, buzzing streetlight, distant traffic
    car horn, distant traffic, crowd murmur
nature (setting): nature, outdoors, outdoor, outside, wilderness, countryside, meadow, field
    night: owl hoot, crickets, wind in grass
    wet: raindrops on leaves, distant thunder
    birdsong, wind in leaves, distant stream
forest (setting): forest, woods, woodland, jungle, rainforest, trees
    night: owl hoot, twig snap, crickets
    twig snap, birdsong, wind in leaves
beach (setting): beach, seaside, coast, ocean, sea, shore, waves, surf
    seagull cry, waves crashing, wind
underwater (setting): underwater, deep sea, ocean floor, scuba, reef
    bubbles rising, muffled whale call, low underwater rumble
desert (setting): desert, dunes, sand
    sand shifting, dry wind
mountain (setting): mountain, mountains, cliff, peak, summit
    rock crunch underfoot, eagle cry, high wind
kitchen (setting): kitchen
    knife chopping on wood board, pan sizzle, fridge hum
office (setting): office, workplace, cubicle, coworking
    keyboard typing, phone ring, air conditioning hum
library (setting): library, reading room, bookshop, bookstore
    page turn, quiet room tone
cafe (setting): cafe, café, coffee shop, restaurant, diner, bistro
    espresso machine hiss, cups clinking, crowd murmur
bar (setting): bar, pub, nightclub, club, saloon
    glasses clinking, bottle cap pop, crowd murmur
school (setting): school, classroom, campus, lecture
    school bell, chalk on blackboard, chairs scraping
hospital (setting): hospital, clinic, ward, medical
    heart monitor beep, trolley wheels, ventilation hum
factory (setting): factory, industrial, warehouse, workshop, garage, assembly line
    metal clang, hydraulic press hiss, machine hum
home (setting): home, house, apartment, living room, bedroom, indoors, indoor
    door close, floorboard creak, clock ticking
station (setting): station, train station, subway station, platform
    train brake squeal, doors chime, crowd murmur
stadium (setting): stadium, arena, sports arena
    crowd roar, referee whistle, ball kick
space (setting): space, outer space, galaxy, planet, orbit
    radio beep, thruster burst, low engine hum
cave (setting): cave, cavern, tunnel, dungeon, mine
    water drip echo, stone scrape, low rumble
castle (setting): castle, palace, throne room
    heavy door thud, footsteps echoing on stone, torch crackle
night (setting): night, nighttime, midnight, evening
    city: dog bark, distant siren, distant traffic
    owl hoot, crickets, faint wind
horror (mood): scary, spooky, creepy, eerie, horror, terrifying, frightening, dread, fear, sinister
    old: door creak, floorboard groan, distant thump
    door creak, distant thump, low rumble
action (mood): action, epic, intense, exciting, adrenaline, blockbuster, cinematic, dramatic
    whoosh, heavy impact, debris scatter
suspense (mood): suspense, suspenseful, tension, tense, ominous, mysterious, mystery
    clock ticking, floorboard creak, low rumble
calm (mood): peaceful, relaxing, calm, serene, soothing, chill, cozy, quiet, gentle
    beach: gentle waves, soft wind
    forest: birdsong, leaves rustling
    clock ticking, soft rain on window
romantic (mood): romantic, romance, love, date
    glasses clink, candle flicker, soft rain on window
sad (mood): sad, melancholy, melancholic, lonely, somber
    slow footsteps, rain on window, distant wind
happy (mood): happy, cheerful, joyful, fun, playful, upbeat, lively
    laughter, hand claps, birdsong
"""


def _parse(text: str) -> tuple[Concept, ...]:
    concepts: list[Concept] = []
    head: tuple[str, int, tuple[str, ...]] | None = None
    variants: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
    for line in [*text.splitlines(), "end (mood):"]:
        if not line.strip():
            continue
        if not line.startswith(" "):
            if head is not None:
                concepts.append(Concept(*head, tuple(variants)))
            name, _, rest = line.partition(" (")
            rank, _, triggers = rest.partition("):")
            head, variants = (name, _RANKS[rank], terms(triggers)), []
            continue
        needed, _, events = line.strip().rpartition(":")
        variants.append((tuple(t for t in needed.split("+") if t), terms(events)))
    return tuple(concepts)


CONCEPTS: tuple[Concept, ...] = _parse(_CONCEPTS)
