"""Concrete sound events, grouped by source and material, and the word classes the rules read from them.

Written for this project; AudioSet's ontology and the Universal Category System were used as checklists of
what a sound library covers, not as sources of text.
"""

from __future__ import annotations


def terms(text: str) -> tuple[str, ...]:
    """Split a comma-separated block of lexicon terms."""
    return tuple(t.strip() for t in text.split(",") if t.strip())


# Example events by source and material. The rules use the word classes below; these phrases document
# what "specific" means and are the vocabulary the rewrites draw on.
EVENTS_BY_SOURCE: dict[str, tuple[str, ...]] = {
    "footsteps": terms(
        "footsteps on gravel, footsteps on wet pavement, boots on wooden floor, heels on marble, "
        "sneakers squeaking on a gym floor, bare feet on sand, boots crunching on snow, footsteps on dry leaves"
    ),
    "glass and ceramic": terms(
        "glass shatter, glass clink, glass tap, glass on marble, bottle cap pop, ice cubes clinking in a glass, "
        "ceramic cup on saucer, plate smash"
    ),
    "fabric and leather": terms(
        "fabric rustle, fabric tear, zipper pull, velcro rip, coat swish, bedsheet flap, leather creak, "
        "belt buckle jingle"
    ),
    "paper and card": terms(
        "paper crinkle, page turn, cardboard box tear, tape peel, envelope rip, pencil scratching on paper"
    ),
    "metal": terms(
        "metal clang, chain rattle, keys jingle, coin drop, sword clash, rain on metal roof, pan lid clatter, "
        "hinge squeak"
    ),
    "wood and stone": terms(
        "door creak, floorboard creak, twig snap, knock on wood, chair scrape, axe into log, rock tumble, "
        "gravel crunch"
    ),
    "water and liquid": terms(
        "liquid pour, water droplets, puddle splash, dripping tap, stream over rocks, waves crashing, "
        "rain on window, bubbles fizzing, kettle boil"
    ),
    "weather": terms(
        "wind in dry grass, thunder crack, distant thunder, hail on a roof, wind gust, steady rain, "
        "wind whistling through a gap"
    ),
    "animals": terms(
        "dog bark, cat meow, crow caw, birdsong, owl hoot, horse hooves on cobblestone, wings flapping, "
        "crickets, frog croak, bee buzz, wolf howl, seagull cry"
    ),
    "people, non-verbal": terms(
        "breathing, heartbeat, sigh, laughter, applause, crowd cheer, crowd murmur, hand clap, finger snap, "
        "chewing, gulp, gasp"
    ),
    "vehicles": terms(
        "engine rev, engine idle, tires screech, car door slam, car horn, distant traffic, motorcycle pass-by, "
        "train on tracks, bicycle bell, jet flyover, helicopter blades"
    ),
    "household and office": terms(
        "keyboard typing, mouse click, kettle whistle, microwave beep, fridge hum, clock ticking, "
        "light switch click, cutlery clink, oil sizzle, knife chopping on wood board"
    ),
    "machines": terms(
        "servo whir, motor hum, alarm beep, drill whine, camera shutter click, phone vibration, printer feed"
    ),
    "impacts and motion": terms(
        "punch impact, body fall, wood crack, explosion, debris scatter, gunshot, whoosh, swish of a swung stick"
    ),
    "fire": terms("fire crackle, match strike, torch whoosh, embers hiss"),
    "beds": terms(
        "room tone, air conditioning hum, distant crowd, wind in leaves, crickets at night, distant traffic"
    ),
}

# Words that name a sound (not a thing or a place): an item with one of these is a specific event.
EVENT = terms(
    """
    footstep, footfall, step, stomp, shuffle, scuff, patter, shatter, crash, slam, click, clack, clatter, tap,
    tapping, knock, knocking, creak, creaking, squeak, squeaking, squeal, rustle, rustling, crinkle, crinkling,
    crunch, crunching, splash, splashing, drip, dripping, droplet, drop, pour, pouring, sizzle, sizzling,
    crackle, crackling, pop, popping, bang, thud, thump, thunk, clunk, boom, rumble, rumbling, whoosh, swoosh,
    swish, whip, whir, whirr, whirring, whine, whining, hum, humming, buzz, buzzing, beep, beeping, ring,
    ringing, chime, ding, clink, clinking, clang, clank, rattle, rattling, jingle, jingling, scrape, scraping,
    scratch, scratching, grind, grinding, hiss, hissing, roar, roaring, growl, growling, snarl, bark, barking,
    meow, purr, chirp, chirping, tweet, caw, cawing, hoot, howl, howling, neigh, moo, bleat, croak, croaking,
    squawk, screech, screeching, honk, honking, siren, gunshot, gunfire, explosion, blast, punch, impact, hit,
    kick, slap, smack, thwack, crack, cracking, snap, snapping, tear, tearing, rip, ripping, smash, splinter,
    slosh, gurgle, gurgling, bubbling, fizz, fizzing, trickle, trickling, gush, spray, flutter, flap, flapping,
    wingbeat, breath, breathing, panting, pant, gasp, sigh, cough, sneeze, sniff, sniffle, heartbeat,
    heart beat, laugh, laughter, laughing, giggle, cry, crying, sob, scream, screaming, shout, shouting, yell,
    yelling, cheer, cheering, applause, clap, clapping, whistle, whistling, snore, snoring, chewing, chew,
    gulp, slurp, swallow, munch, munching, typing, keystroke, shutter, zipper, zip, velcro, thunder, rain,
    raindrop, drizzle, downpour, hail, wind, breeze, gust, wave, surf, birdsong, tick, ticking, tock, engine,
    rev, revving, idle, idling, horn, alarm, static, murmur, murmuring, chatter, walla, hubbub, plop, plink,
    plunk, squelch, squish, skid, groan, groaning, moan, bellow, roll, rolling, slide, sliding, swing, sweep,
    brush, brushing, bristle, flick, flip, flipping, page turn, clop, clip-clop, hoof, hooves, tinkle,
    jangle, whimper, hiccup, yawn, grunt, grunting, scurry, scuttle, ripple, lapping, babble, babbling,
    river, stream, creek, brook, waterfall, fountain, cascade, trickle, room tone, white noise, pink noise,
    brown noise, tv static, radio static, feedback, drone of, ventilation, fan, air conditioning, hvac,
    vibration, vibrate, buzzer, doorbell, chirr, cicada, cricket, crickets, frogs, insects, gallop, galloping,
    thundering, rustle, swell, lap, crumple, crumpling, snip, snipping, chop, chopping, slice, slicing, saw,
    sawing, hammer, hammering, drill, drilling, clicking, ticking clock, rumble of, sputter, sputtering,
    backfire, screech, squeal of tires, peel, peeling, stir, stirring, whisk, whisking, boil, boiling,
    simmer, simmering, fry, frying, grill, grilling, spritz, spritzing, spritz, squirt, blow, blowing,
    puff, exhale, inhale, whisper, whispering, hush, shush, thrum, thrumming, pulse, pulsing,
    beat of wings, flapping wings, clatter of, clop of, toll, tolling, chiming, gong, siren wail, wail, wailing, chant, chanting,
    bubble, bubbles, sanding, sandpaper, set down, put down, placed down, thump, ping, blip, bleep, twang
    """
)

# Continuous beds: a listener hears them under everything else.
BED = terms(
    """
    wind, breeze, room tone, ambience, ambiance, ambient, hum, humming, drone, rumble, rumbling, static,
    white noise, pink noise, brown noise, rain, drizzle, downpour, traffic, murmur, murmuring, chatter, walla,
    hubbub, surf, crickets, cricket, cicada, cicadas, insects, frogs, air conditioning, ventilation, hvac, fan,
    fridge hum, water flowing, stream, river, creek, brook, waterfall, fountain, crackling fire, fire crackle,
    crackle, crackling, buzz of, background noise, tv static, radio static, city hum, birdsong,
    birds chirping, chirping birds, birds singing, birds tweeting, leaves rustling, rustling leaves,
    ocean waves, waves, waves crashing, seagulls, gulls, light breeze, crowd murmur, distant crowd,
    bird calls, dawn chorus, crickets chirping, cicadas buzzing, frogs croaking,
    wind blowing, wind howling, howling wind, wind in the trees, rainfall, rain falling, pouring rain,
    traffic noise, road noise, city traffic, crowd noise, crowd chatter, background chatter, distant voices,
    room noise, air tone, tv murmur, lapping waves, waves lapping, electrical hum, neon hum
    """
)

# Sources that, named alone, are heard as a bed ("birds, wind, dog bark"): beds for the order rule, but not
# sound words, so "bird sounds" is still vague.
AMBIENT_SOURCE = terms("birds, songbirds, flock of birds")

# Short, sharp events: the ones that land on a frame.
TRANSIENT = terms(
    """
    shatter, slam, crash, bang, boom, explosion, impact, hit, punch, kick, thud, thump, thunk, clunk, knock,
    click, clack, snap, crack, pop, clap, smash, break, tear, rip, splash, drop, tap, whoosh, swoosh, swish,
    whip, gunshot, shot, blast, clang, clank, clink, ding, beep, bark, scream, footstep, step, stomp, zipper,
    shutter, screech, honk, slap, smack, thwack, splinter, gasp, cough, sneeze, plop, plink, skid, chop, snip,
    hammer, backfire, doorbell, thunder crack, glass shatter, door slam, car door, gulp, hiccup, flick, flip, set down,
    put down, placed down, ping, blip, twang, punch, smack, ollie, bounce, bouncing, dribble, ball bounce
    """
)

# Words that push an event into the background.
DISTANT = terms(
    "distant, far-off, far off, faraway, far away, background, in the background, ambient, constant, "
    "continuous, steady, low-level, faint"
)

# A bed that hits a named surface ("rain on metal") is a specific event, not a bed.
CONTACT = terms("on, against, hitting, onto, into, off, across, through, over")

# Words that stand for sound without naming one: "city sounds", "nature ambience".
VAGUE_NOUN = terms(
    """
    sound, sounds, noise, noises, sound effect, sound effects, sfx, fx, effects, audio, soundscape,
    ambience, ambiance, atmosphere, atmos, vibe, vibes, feel, mood, sound design, foley, soundtrack of,
    background noise, background sound, background sounds, general sounds, ambient sound, ambient sounds,
    ambient noise, environment sounds, environmental sounds, nature sounds, ambient
    """
)

# Genre, mood and quality words: atmosphere, not events, when they stand alone in the sound effect prompt.
VAGUE_WORD = terms(
    """
    scary, spooky, creepy, eerie, horror, terrifying, frightening, haunting, epic, cinematic, dramatic, action,
    intense, exciting, sci-fi, scifi, futuristic, fantasy, magical, mystical, cartoon, cartoonish, comedic,
    funny, whimsical, peaceful, relaxing, calm, serene, soothing, chill, cozy, romantic, sad, happy,
    mysterious, suspenseful, suspense, tense, tension, ominous, dark, cool, awesome, nice, realistic,
    natural, immersive, atmospheric, generic, various, random, general, appropriate, fitting, matching,
    relevant, amazing, beautiful, dreamy, ethereal, energetic, lively, vibrant, weird, strange, retro,
    modern, hyperreal, hyper-realistic, lifelike, emotional, upbeat, something, stuff, anything
    """
)

# Things that make a sound when something happens to them: naming one is concrete enough.
SOURCE = terms(
    """
    boot, boots, shoe, shoes, heel, heels, sneaker, sneakers, feet, paws, claws, hooves, door, gate, window,
    floor, floorboard, stairs, table, chair, desk, bed, curtain, drawer, cabinet, lid, cup, mug, plate, bowl,
    pan, pot, kettle, knife, fork, spoon, cutlery, bottle, jar, can, glass, metal, steel, iron, tin, wood,
    stone, rock, concrete, gravel, sand, mud, snow, ice, leaves, twig, branch, grass, plastic, rubber, chain,
    keys, coin, coins, ball, bat, racket, rope, sail, hull, bag, box, zipper, button, switch, lever, book,
    page, pen, pencil, phone, keyboard, mouse, clock, watch, bell, hammer, drill, saw, tool, tools, engine,
    motor, tire, tires, wheel, wheels, brake, brakes, horn, siren, alarm, whistle, sword, shield, armor,
    arrow, bow, gun, rifle, pistol, trigger, catwalk, railing, pipe, vent, faucet, sink, shower, toilet,
    candle, match, lighter, cigarette, flame, fire, log, ember, embers, smoke, steam, balloon, fabric, cloth
    """
)

# Places: a setting is not a sound.
SETTING = terms(
    """
    city, urban, town, downtown, street, streets, nature, outdoors, outdoor, outside, wilderness, forest, woods,
    woodland, jungle, rainforest, beach, seaside, coast, desert, mountain, mountains, countryside, farm,
    village, park, garden, kitchen, office, cafe, café, coffee shop, restaurant, bar, pub, club, nightclub,
    school, classroom, hospital, factory, warehouse, workshop, garage, construction site, market, mall, store,
    supermarket, airport, station, subway, metro, stadium, arena, gym, library, church, space, outer space,
    spaceship, underwater, cave, castle, dungeon, battlefield, war zone, home, house, apartment, bedroom,
    bathroom, living room, hallway, playground, zoo, harbor, port, highway, road, parking lot, campsite, lake,
    island, swamp, field, meadow, arctic, tundra, suburb, neighborhood, alley, rooftop, lab, laboratory,
    hotel, lobby, studio, scene, environment, world, place, location
    """
)

# Things people do: an activity is not a sound either ("walking" -> footsteps).
ACTIVITY = terms(
    """
    walk, walking, stroll, strolling, hike, hiking, run, running, jog, jogging, sprint, sprinting, cook,
    cooking, bake, baking, eat, eating, dinner, lunch, breakfast, meal, drive, driving, road trip, fight,
    fighting, combat, brawl, battle, war, warfare, swim, swimming, cycling, biking, bike ride, skate,
    skating, skateboarding, ski, skiing, snowboarding, shopping, cleaning, gardening, construction, camping,
    fishing, sailing, flying, flight, working, work, studying, playing, dancing, exercise, workout, training,
    travel, travelling, traveling, commute, commuting, sleeping, waking up, getting ready, moving, movement,
    motion, action scene, chase, chasing, racing, race, celebration, sports, sport, game, gameplay, unboxing,
    crafting, sewing, knitting, woodworking, pottery, painting, drawing, writing, makeup, skincare, grooming
    """
)

# Intrinsically wide, busy pictures: ASMR mode dampens their broad sound design.
WIDE_STRONG = terms(
    """
    explosion, explosions, battle, battlefield, war, war zone, chase, car chase, stadium, arena, crowd roar,
    roaring crowd, cheering crowd, crowd cheer, crowd cheering, concert, aerial, aerial shot, drone shot, wide shot, wide angle, wide-angle, establishing shot,
    landscape, skyline, cityscape, gunfire, gunshot, gunshots, fight scene, fistfight, riot, parade,
    fireworks, helicopter, race, racing, drag race, highway, marathon, thunderstorm, earthquake, avalanche,
    stampede, army, festival, action scene, action sequence, car crash, rocket launch, jet, fighter jet,
    monster truck, demolition, tornado, hurricane, battle scene, sword fight, shootout, football match,
    football game, soccer match, basketball game
    """
)

# Close-up, material and tactile cues: where ASMR mode pays off. Strong cues count three, others one.
ASMR_STRONG = terms(
    """
    asmr, macro, macro shot, close-up, close up, closeup, extreme close-up, tactile, unboxing, product macro,
    texture, textures, tingles, whisper-quiet
    """
)
ASMR_WEAK = terms(
    """
    glass, marble, ceramic, porcelain, fabric, silk, velvet, linen, wool, leather, paper, cardboard, foil,
    bubble wrap, soap, kinetic sand, slime, foam, sponge, cream, lotion, serum, honey, syrup, chocolate,
    jelly, skin, nails, lipstick, makeup brush, powder, clay, resin, wax, droplet, droplets, pour, pouring,
    liquid, tap, tapping, bristle, bristles, chewing, crunch, crunching, peel, peeling, squish, fizz,
    fizzing, whisper, whispering, brush, brushing, spritz, cosmetics, perfume, bottle, jar, lid, cap,
    wrapper, packaging, keyboard, pen, pencil, scissors, thread, needle, yarn, crinkle, crinkling, slow chewing,
    nail tapping
    """
)

# The picture is a music piece: the foley layer would fight the score.
SCENE_MUSICAL = terms(
    """
    music video, dance, dancing, dancer, dancers, choreography, lyric video, slideshow, photo montage,
    time-lapse, timelapse, hyperlapse, visualizer, title sequence, montage of photos
    """
)

# The picture is purely diegetic: a score would fight the detail.
SCENE_DIEGETIC = terms(
    """
    tutorial, how-to, how to, craft, crafting, product macro, macro, unboxing, asmr, demonstration, demo,
    diy, repair, woodworking, pottery, knitting, sewing, calligraphy, recipe, step by step, step-by-step,
    close-up of hands, hands making, hands-on, restoration
    """
)

# Open air: weather a prompt asks for. A close-up scene with these in the prompt is a soundscape, not the
# intimate detail ASMR mode is for, so the scene alone does not call for ASMR mode.
OPEN_AIR = terms(
    """
    wind, winds, breeze, gust, gusts, rain, rainfall, downpour, drizzle, thunder, storm, thunderstorm,
    viento, brisa, lluvia, trueno, truenos, tormenta, vent, brise, pluie, tonnerre, orage, Wind, Brise, Regen,
    Donner, Gewitter, Sturm, vento, chuva, trovão, tempestade, pioggia, tuono, temporale, 風, 雨, 雷
    """
)
