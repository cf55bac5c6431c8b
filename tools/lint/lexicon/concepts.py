"""Vague terms mapped to concrete candidates, with variants steered by what the scene shows.

A concept is what a vague item is about ("city", "walking", "monster"). Its variants are tried in order; the
first whose tags all appear in the context (the scene, plus the prompt itself) wins, the last is the default.
Candidates list short events before beds, so a rewrite never leads with an ambience.
"""

from __future__ import annotations

from dataclasses import dataclass

from tools.lint.lexicon.events import terms

ACTIVITY, SUBJECT, SETTING, MOOD = 0, 1, 2, 3


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


def _concept(name: str, rank: int, triggers: str, *variants: str) -> Concept:
    parsed: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
    for variant in variants:
        needed, _, events = variant.rpartition(":")
        parsed.append((tuple(t.strip() for t in needed.split("+") if t.strip()), terms(events)))
    return Concept(name, rank, terms(triggers), tuple(parsed))


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
}

CONCEPTS: tuple[Concept, ...] = (
    # Activities
    _concept(
        "walking",
        ACTIVITY,
        "walk, walking, stroll, strolling, hike, hiking, wander, wandering",
        "wet: footsteps on wet pavement, puddle splash",
        "snow: boots crunching on snow, coat rustle",
        "beach: bare feet on sand, shell crunch",
        "forest: footsteps on dry leaves, twig snap",
        "gravel: footsteps on gravel, coat rustle",
        "indoor: footsteps on wooden floor, floorboard creak",
        "footsteps on pavement, coat rustle",
    ),
    _concept(
        "running",
        ACTIVITY,
        "run, running, jog, jogging, sprint, sprinting",
        "wet: fast footsteps splashing through puddles, heavy breathing",
        "forest: running footsteps on a dirt trail, twig snap, heavy breathing",
        "running footsteps on pavement, heavy breathing, jacket swish",
    ),
    _concept(
        "cooking",
        ACTIVITY,
        "cook, cooking, bake, baking, chef, frying, recipe",
        "knife chopping on wood board, oil sizzle in a pan, pot lid clink",
    ),
    _concept(
        "eating",
        ACTIVITY,
        "eat, eating, dinner, lunch, breakfast, meal, food, snack, dining",
        "fork scraping a plate, crunchy bite, glass clink",
    ),
    _concept(
        "driving",
        ACTIVITY,
        "drive, driving, road trip, car ride, commute, commuting",
        "wet: tires on wet asphalt, windshield wipers thump, engine hum",
        "turn signal ticking, engine rev, tires on asphalt",
    ),
    _concept(
        "fighting",
        ACTIVITY,
        "fight, fighting, combat, brawl, martial arts, boxing, punching, fistfight",
        "punch impact, body fall, fabric swish",
    ),
    _concept(
        "battle",
        ACTIVITY,
        "battle, war, warfare, battlefield, army, soldiers, war zone",
        "medieval: sword clash, shield impact, arrow whoosh",
        "rifle fire, distant explosion, debris scatter",
    ),
    _concept(
        "swimming",
        ACTIVITY,
        "swim, swimming, pool, diving",
        "water splash, underwater bubbles, echoing pool lapping",
    ),
    _concept(
        "cycling",
        ACTIVITY,
        "cycling, biking, bike ride, bicycle, cyclist",
        "bicycle chain clicking, tires on gravel, bicycle bell",
    ),
    _concept(
        "skating",
        ACTIVITY,
        "skate, skating, skateboard, skateboarding, skater",
        "skateboard wheels rolling on concrete, ollie pop, board clack",
    ),
    _concept(
        "skiing",
        ACTIVITY,
        "ski, skiing, snowboard, snowboarding",
        "skis carving snow, pole plant crunch, wind gust",
    ),
    _concept(
        "sports",
        ACTIVITY,
        "sport, sports, basketball, football, soccer, tennis, baseball, match, workout, gym",
        "basketball: ball bounce on hardwood, sneakers squeaking, whistle blast",
        "tennis: racket hit, sneakers squeaking on court, ball bounce",
        "ball kick, referee whistle, crowd cheer",
    ),
    _concept(
        "office work",
        ACTIVITY,
        "work, working, typing, office work, studying, homework",
        "keyboard typing, mouse click, chair creak",
    ),
    _concept(
        "cleaning",
        ACTIVITY,
        "cleaning, vacuum, vacuuming, washing, scrubbing, chores",
        "sponge scrubbing, water running into a sink, spray bottle spritz",
    ),
    _concept(
        "construction",
        ACTIVITY,
        "construction, building site, construction site, renovation, demolition",
        "hammer strikes, power drill whine, metal beam clang",
    ),
    _concept(
        "camping",
        ACTIVITY,
        "camping, camp, campsite, campfire, tent",
        "tent zipper, campfire crackle, crickets",
    ),
    _concept(
        "sailing",
        ACTIVITY,
        "sailing, boat, boating, ship, yacht, fishing, harbor, harbour, port, dock, pier, marina",
        "rope creak, sail flapping, water lapping against the hull",
    ),
    _concept(
        "flying",
        ACTIVITY,
        "flying, flight, airplane, plane, aircraft, airport",
        "jet engine spool-up, cabin chime, seatbelt click",
    ),
    _concept(
        "party",
        ACTIVITY,
        "party, celebration, celebrating, birthday, new year",
        "cork pop, glasses clinking, crowd cheer",
    ),
    _concept(
        "unboxing",
        ACTIVITY,
        "unboxing, package, parcel, delivery",
        "tape peel, cardboard flap, tissue paper crinkle",
    ),
    _concept(
        "beauty",
        ACTIVITY,
        "makeup, skincare, beauty, cosmetics, grooming, hair",
        "compact click, brush bristles on skin, cream jar lid twist",
    ),
    _concept(
        "crafting",
        ACTIVITY,
        "craft, crafting, sewing, knitting, woodworking, pottery, painting, drawing",
        "woodworking: saw through wood, sandpaper scratch, chisel tap",
        "pottery: wet clay squish, wheel hum, water drip",
        "scissors snip, paper fold, pencil scratching on paper",
    ),
    _concept(
        "writing",
        ACTIVITY,
        "writing, handwriting, journaling, letter",
        "pen scratching on paper, page turn, desk tap",
    ),
    # Subjects
    _concept(
        "monster",
        SUBJECT,
        "monster, monsters, creature, creatures, beast, alien, demon",
        "claws on concrete, low growl, fabric tear",
    ),
    _concept("zombie", SUBJECT, "zombie, zombies, undead", "shuffling footsteps, wet groan, flesh tear"),
    _concept(
        "ghost",
        SUBJECT,
        "ghost, ghosts, haunted, haunting, spirit, poltergeist",
        "door creak, cold whoosh, distant whisper",
    ),
    _concept("dragon", SUBJECT, "dragon, dragons", "wing beats, fire breath roar, claws on stone"),
    _concept("dinosaur", SUBJECT, "dinosaur, dinosaurs, t-rex", "heavy stomp, deep roar, tree branch snap"),
    _concept(
        "robot",
        SUBJECT,
        "robot, robots, android, mech, machine, machines, mechanical, cyborg",
        "servo whir, metal footstep clank, hydraulic hiss",
    ),
    _concept(
        "sci-fi",
        MOOD,
        "sci-fi, scifi, science fiction, futuristic, spaceship, spacecraft, space station, laser",
        "laser zap, airlock hiss, engine hum",
    ),
    _concept(
        "magic",
        MOOD,
        "magic, magical, spell, wizard, witch, fantasy, mystical, fairy",
        "spell whoosh, sparkle chime, low shimmer",
    ),
    _concept(
        "car",
        SUBJECT,
        "car, cars, vehicle, truck, motorcycle, motorbike, race car",
        "wet: car door slam, tires on wet asphalt, engine idle",
        "car door slam, engine rev, tires on asphalt",
    ),
    _concept(
        "train",
        SUBJECT,
        "train, railway, subway, metro, tram",
        "train horn, wheels clacking on rails, brake squeal",
    ),
    _concept("dog", SUBJECT, "dog, dogs, puppy, puppies", "dog bark, paws on floor, collar jingle"),
    _concept("cat", SUBJECT, "cat, cats, kitten, kittens", "cat meow, purr, paws landing"),
    _concept(
        "bird",
        SUBJECT,
        "bird, birds, seagull, seagulls, crow, crows, parrot",
        "beach: seagull cry, wings flapping, waves lapping",
        "wings flapping, birdsong",
    ),
    _concept(
        "horse",
        SUBJECT,
        "horse, horses, pony, cowboy, western",
        "hooves on dirt, horse snort, saddle leather creak",
    ),
    _concept(
        "farm",
        SUBJECT,
        "farm, barn, livestock, cow, cows, chickens, sheep",
        "rooster crow, cow moo, hens clucking",
    ),
    _concept(
        "animal",
        SUBJECT,
        "animal, animals, wildlife, zoo",
        "forest: twig snap, bird call, rustling in undergrowth",
        "animal call, rustling in grass, birdsong",
    ),
    _concept("insects", SUBJECT, "insect, insects, bug, bugs", "bee buzz, crickets, cicada drone"),
    _concept("fire", SUBJECT, "fire, fireplace, flames, burning, campfire", "log pop, fire crackle"),
    _concept("water", SUBJECT, "water, liquid, drink, drinks", "water splash, liquid pour, trickling stream"),
    _concept(
        "weather",
        SUBJECT,
        "weather, storm, stormy, thunderstorm, rainstorm, thunder",
        "thunder crack, rain on window, wind gust",
    ),
    _concept(
        "rain",
        SUBJECT,
        "rain, rainy, raining",
        "city: puddle splash, rain on awnings, distant traffic",
        "raindrops on window, gutter drip, steady rain",
    ),
    _concept(
        "winter",
        SUBJECT,
        "winter, snow, snowy, blizzard, ice",
        "boots crunching on snow, icicle snap, cold wind",
    ),
    _concept(
        "crowd",
        SUBJECT,
        "crowd, crowds, people, audience, spectators, fans",
        "applause, crowd cheer, crowd murmur",
    ),
    _concept(
        "baby",
        SUBJECT,
        "baby, babies, toddler, kids, children, child",
        "baby giggle, toy rattle, footsteps on carpet",
    ),
    _concept(
        "phone",
        SUBJECT,
        "phone, smartphone, technology, tech, gadget, computer, laptop",
        "notification ping, screen tap, phone vibration",
    ),
    _concept(
        "gun",
        SUBJECT,
        "gun, guns, shootout, gunfight, weapon, weapons",
        "gunshot, shell casing tinkle, reload click",
    ),
    _concept(
        "sword",
        SUBJECT,
        "sword, swords, sword fight, blade, knight, knights, medieval",
        "sword clash, blade whoosh, armor clank",
    ),
    _concept(
        "explosion",
        SUBJECT,
        "explosion, explosions, blast, bomb",
        "explosion boom, debris scatter, glass shatter",
    ),
    _concept(
        "fireworks", SUBJECT, "fireworks, firework", "firework launch whistle, crackling burst, deep boom"
    ),
    _concept(
        "game",
        SUBJECT,
        "game, video game, arcade, gaming, gameplay, retro game",
        "coin pickup chime, jump blip, menu click",
    ),
    _concept(
        "cartoon",
        MOOD,
        "cartoon, cartoonish, animated, comedic, comedy, funny, silly, goofy",
        "slide whistle, boing, pop",
    ),
    # Settings
    _concept(
        "city",
        SETTING,
        "city, urban, town, downtown, street, streets, traffic",
        "wet: distant traffic, tires on wet asphalt, rain on awnings",
        "night: distant siren, buzzing streetlight, distant traffic",
        "car horn, distant traffic, crowd murmur",
    ),
    _concept(
        "nature",
        SETTING,
        "nature, outdoors, outdoor, outside, wilderness, countryside, meadow, field",
        "night: owl hoot, crickets, wind in grass",
        "wet: raindrops on leaves, distant thunder",
        "birdsong, wind in leaves, distant stream",
    ),
    _concept(
        "forest",
        SETTING,
        "forest, woods, woodland, jungle, rainforest, trees",
        "night: owl hoot, twig snap, crickets",
        "twig snap, birdsong, wind in leaves",
    ),
    _concept(
        "beach",
        SETTING,
        "beach, seaside, coast, ocean, sea, shore, waves, surf",
        "seagull cry, waves crashing, wind",
    ),
    _concept(
        "underwater",
        SETTING,
        "underwater, deep sea, ocean floor, scuba, reef",
        "bubbles rising, muffled whale call, low underwater rumble",
    ),
    _concept("desert", SETTING, "desert, dunes, sand", "sand shifting, dry wind"),
    _concept(
        "mountain",
        SETTING,
        "mountain, mountains, cliff, peak, summit",
        "rock crunch underfoot, eagle cry, high wind",
    ),
    _concept("kitchen", SETTING, "kitchen", "knife chopping on wood board, pan sizzle, fridge hum"),
    _concept(
        "office",
        SETTING,
        "office, workplace, cubicle, coworking",
        "keyboard typing, phone ring, air conditioning hum",
    ),
    _concept(
        "cafe",
        SETTING,
        "cafe, café, coffee shop, restaurant, diner, bistro",
        "espresso machine hiss, cups clinking, crowd murmur",
    ),
    _concept(
        "bar", SETTING, "bar, pub, nightclub, club, saloon", "glasses clinking, bottle cap pop, crowd murmur"
    ),
    _concept(
        "school",
        SETTING,
        "school, classroom, campus, lecture",
        "school bell, chalk on blackboard, chairs scraping",
    ),
    _concept(
        "hospital",
        SETTING,
        "hospital, clinic, ward, medical",
        "heart monitor beep, trolley wheels, ventilation hum",
    ),
    _concept(
        "factory",
        SETTING,
        "factory, industrial, warehouse, workshop, garage, assembly line",
        "metal clang, hydraulic press hiss, machine hum",
    ),
    _concept(
        "home",
        SETTING,
        "home, house, apartment, living room, bedroom, indoors, indoor",
        "door close, floorboard creak, clock ticking",
    ),
    _concept(
        "station",
        SETTING,
        "station, train station, subway station, platform",
        "train brake squeal, doors chime, crowd murmur",
    ),
    _concept("stadium", SETTING, "stadium, arena, sports arena", "crowd roar, referee whistle, ball kick"),
    _concept(
        "space",
        SETTING,
        "space, outer space, galaxy, planet, orbit",
        "radio beep, thruster burst, low engine hum",
    ),
    _concept(
        "cave", SETTING, "cave, cavern, tunnel, dungeon, mine", "water drip echo, stone scrape, low rumble"
    ),
    _concept(
        "castle",
        SETTING,
        "castle, palace, throne room",
        "heavy door thud, torch crackle, footsteps echoing on stone",
    ),
    _concept(
        "night",
        SETTING,
        "night, nighttime, midnight, evening",
        "city: distant siren, dog bark, distant traffic",
        "owl hoot, crickets, faint wind",
    ),
    # Moods and genres
    _concept(
        "horror",
        MOOD,
        "scary, spooky, creepy, eerie, horror, terrifying, frightening, dread, fear, sinister",
        "old: door creak, floorboard groan, distant thump",
        "door creak, distant thump, low rumble",
    ),
    _concept(
        "action",
        MOOD,
        "action, epic, intense, exciting, adrenaline, blockbuster, cinematic, dramatic",
        "whoosh, heavy impact, debris scatter",
    ),
    _concept(
        "suspense",
        MOOD,
        "suspense, suspenseful, tension, tense, ominous, mysterious, mystery",
        "clock ticking, floorboard creak, low rumble",
    ),
    _concept(
        "calm",
        MOOD,
        "peaceful, relaxing, calm, serene, soothing, chill, cozy, quiet, gentle",
        "beach: gentle waves, soft wind",
        "forest: birdsong, leaves rustling",
        "clock ticking, soft rain on window",
    ),
    _concept(
        "romantic",
        MOOD,
        "romantic, romance, love, date",
        "glasses clink, candle flicker, soft rain on window",
    ),
    _concept(
        "sad",
        MOOD,
        "sad, melancholy, melancholic, lonely, somber",
        "slow footsteps, rain on window, distant wind",
    ),
    _concept(
        "happy",
        MOOD,
        "happy, cheerful, joyful, fun, playful, upbeat, lively",
        "laughter, hand claps, birdsong",
    ),
)
