"""What a word in the request is evidence of: the sounds a scene or a prompt supports without naming them.

A rewrite may put an event into the prompt only when the request supports it: every content word of the event
is a word of the user's prompts, of the scene, of the picture's event labels, or a word those imply here
("walking" implies footsteps, "rainy" a wet surface, "laptops" typing). Nothing here invents a sound the
request does not point at: a sleeping baby implies breathing, not a giggle; an office implies no phone.
"""

from __future__ import annotations

from tools.lint.lexicon.events import terms

# trigger words: the words they support
IMPLIES: dict[str, str] = {
    "walk, walking, walks, stroll, strolling, hike, hiking, wander, wandering, heels, steps": (
        "footstep, step, foot, feet, boot, shoe, heel"
    ),
    "run, running, runs, jog, jogging, sprint, sprinting, chase, chased": "footstep, step, foot, breathing, breath",
    "rain, rainy, raining, storm, stormy, drizzle, downpour, wet": "wet, puddle, splash, drip, raindrop, rain",
    "street, streets, city, urban, road, downtown, avenue, crosswalk, sidewalk": (
        "pavement, asphalt, traffic, car, tire, sidewalk"
    ),
    "snow, snowy, winter, blizzard": "snow, crunch, crunching, ice",
    "beach, seaside, shore, coast": "sand, wave, surf",
    "forest, woods, woodland, trail, garden, park": "leaf, leaves, twig, branch",
    "laptop, laptops, computer, keyboard, typing, desk": "keyboard, typing, key, click",
    "sleep, sleeping, asleep, nap, napping": "breathing, breath",
    "chop, chopping, chops": "knife, board",
    "wooden": "wood",
    "read, reading, library, book, books": "page, turn, book",
    "monster, monsters, creature, creatures, beast": "growl, roar, snarl",
    "dog, dogs, puppy": "bark, paw",
    "cat, cats, kitten": "meow, purr, paw",
    "fire, campfire, fireplace, flames": "crackle, log, pop, flame",
    "basketball": "ball, bounce, hardwood, sneaker, squeak",
    "skate, skater, skateboard, skatepark, kickflip": "skateboard, wheel, board, pop, clack, concrete, rolling",
    "espresso, coffee, barista": "espresso, machine, hiss, cup",
    "gun, rifle, pistol, shoots, shoot, fires": "gunshot, shot",
    "sword, samurai, swings": "whoosh, blade, swish",
    "hallway, corridor": "floor, wooden",
    "haunted, creaky, old": "creak",
}
# Words that only qualify an event: an event is supported when its other words are.
QUALIFIERS = frozenset(
    terms(
        "distant, soft, low, light, heavy, quiet, loud, faint, gentle, occasional, steady, small, big, bare, "
        "deep, high, fast, slow, single, far, away, constant, sharp, subtle, muffled, short, long, quick"
    )
)
