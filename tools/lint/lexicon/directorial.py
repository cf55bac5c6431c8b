"""Directorial language: phrases that direct an effect on the audience instead of describing a sound.

"Build tension", "create excitement", "make it feel epic", "set the mood", "keep viewers engaged" and their
variants. Patterns are written as templates: a space stands for spacing inside one item (never a separator),
and {NAME} for one of the word groups below. Each pattern comes with the words it cannot match without, so
most prompts are never searched with it.
"""

from __future__ import annotations

import re

from tools.lint.text import stems

_GAP = r"[ \t\u00a0]+"

_GROUPS = {
    # What a direction aims at: effects on the audience, not sounds.
    "OBJECT": r"(?:tension|suspense|anticipation|drama|excitement|energy|intensity|atmosphere|mood|momentum|"
    r"dread|fear|terror|hype|urgency|intrigue|mystery|wonder|awe|emotions?|feelings?|vibes?|impact|interest|"
    r"engagement|immersion|realism|depth|life|magic|nostalgia|romance|joy|sadness|hope|epicness|stakes|"
    r"adrenaline|goosebumps|chills|(?:the|a|an) (?:tone|scene|moment|story|narrative|vibe|feeling|mood|"
    r"atmosphere|drama|tension|suspense|stakes)|(?:a|an) (?:sense|feeling) of [\w-]+)",
    # Determiners and adjectives that may sit between the verb and its object.
    "FILL": r"(?:(?:the|some|more|a|an|lots of|plenty of|real|extra|maximum|max|great|a lot of|a bit of|little|"
    r"much|serious|tons of|sense of|feeling of|cinematic|emotional|dramatic|epic|intense|huge|big|building|"
    r"rising|growing|mounting|suspenseful|overall|ominous|eerie|dark|creepy|tense|cozy|warm|dreamy|magical|"
    r"festive|romantic|mysterious|melancholic|sad|joyful|playful|uplifting|hopeful|peaceful|calm|relaxing|"
    r"nostalgic|spooky|scary|haunting|heavy|light|strong|deep|genuine|palpable|unsettling|triumphant|heroic|"
    r"exciting|thrilling|upbeat|happy|positive|chill|serene|somber|gloomy) ){0,4}",
    # Qualities a direction asks the result to have.
    "QUALITY": r"(?:epic|cinematic|dramatic|intense|exciting|emotional|scary|spooky|creepy|tense|suspenseful|"
    r"sad|happy|powerful|energetic|uplifting|moving|fun|engaging|immersive|memorable|catchy|cool|awesome|"
    r"amazing|impactful|bigger|huge|massive|heroic|romantic|mysterious|eerie|ominous|dark|magical|real|"
    r"realistic|professional|viral|better|alive|thrilling|terrifying|hype|hyped|lit|legendary|iconic|"
    r"blockbuster|hollywood|larger than life|like (?:a|an|the|some) (?:[\w-]+ ){0,2}(?:movie|film|blockbuster|"
    r"trailer|commercial|advert|video game|show|anime)(?: (?:trailer|scene|soundtrack|score|moment))?|pop|"
    r"stand out|shine|special|interesting|unforgettable|moody)",
    "ADVERBS": r"(?:(?:more|very|really|so|super|truly|extra|a bit|a little|even|much|totally|absolutely|"
    r"incredibly|way) ){0,3}",
    "WHO": r"(?:the )?(?:audience|viewers?|listeners?|people|everyone|everybody|them|you|us|me|the viewer)",
}

# (words the pattern needs one of, pattern template)
_PATTERNS: tuple[tuple[str, str], ...] = (
    # build tension, building up the suspense, tension-building, build to an emotional climax
    ("build builds building built", r"\b(?:build|builds|building|built)(?: up)? {FILL}{OBJECT}\b"),
    ("building", r"\b(?:tension|suspense|drama|excitement|energy|hype)(?:-| )building\b"),
    (
        "build builds building",
        r"\b(?:build|builds|building)(?: up)? to (?:a|an|the) (?:emotional|dramatic|epic|satisfying|cathartic|"
        r"powerful|huge|big|massive|triumphant) (?:climax|peak|payoff|crescendo|finale|moment|high)\b",
    ),
    # create excitement, add drama, set the mood, heighten the tension, evoke a sense of awe
    (
        "create creates creating add adds adding evoke evokes evoking convey conveys conveying establish "
        "establishes establishing generate generates generating bring brings bringing deliver delivers "
        "delivering give gives giving heighten heightens heightening increase increases increasing raise raises "
        "raising boost boosts boosting intensify intensifies intensifying elevate elevates elevating instill "
        "inspire inspires inspiring provoke provokes provoking set sets setting up",
        r"\b(?:create|creates|creating|add|adds|adding|evoke|evokes|evoking|convey|conveys|conveying|establish|"
        r"establishes|establishing|generate|generates|generating|bring|brings|bringing|deliver|delivers|"
        r"delivering|give|gives|giving|heighten|heightens|heightening|increase|increases|increasing|raise|"
        r"raises|raising|boost|boosts|boosting|intensify|intensifies|intensifying|elevate|elevates|elevating|"
        r"instill|inspire|inspires|inspiring|provoke|provokes|provoking|set|sets|setting|amp up|ramp up|"
        r"crank up|pump up|ratchet up|dial up) {FILL}{OBJECT}\b",
    ),
    # enhance the scene, match the mood, underscore the action, sell the impact
    (
        "enhance enhances enhancing match matches matching fit fits fitting suit suits complement complements "
        "complementing underscore underscores underscoring underline underlines reflect reflects reflecting "
        "mirror mirrors mirroring support supports supporting emphasize emphasizes emphasise emphasises "
        "emphasizing accentuate accentuates elevate elevates capture captures capturing serve serves sell sells "
        "selling",
        r"\b(?:enhance|enhances|enhancing|match|matches|matching|fit|fits|fitting|suit|suits|complement|"
        r"complements|complementing|underscore|underscores|underscoring|underline|underlines|reflect|reflects|"
        r"reflecting|mirror|mirrors|mirroring|support|supports|supporting|emphasize|emphasizes|emphasise|"
        r"emphasises|emphasizing|accentuate|accentuates|elevate|elevates|capture|captures|capturing|serve|"
        r"serves|sell|sells|selling) (?:the |this |its |our )?(?:overall )?(?:mood|emotions?|story|narrative|"
        r"action|visuals?|video|scenes?|footage|clip|picture|images?|journey|moments?|vibe|energy|tone|feeling|"
        r"essence|spirit|atmosphere|drama|tension|intensity|edit|cut|shot|content|message|brand|impact|hit|gag|"
        r"joke|punchline|viewer'?s? experience)\b",
    ),
    # make it feel epic, make the audience cry, make it more dramatic
    (
        "make makes making",
        r"\b(?:make|makes|making) (?:it|this|everything|things|the (?:scene|video|clip|moment|footage|shot|sound|"
        r"music|track|audio|whole thing)|{WHO}) (?:(?:feel|sound|seem|look|get|become) )?{ADVERBS}(?:{QUALITY}|"
        r"cry|jump|smile|laugh|scared|excited|emotional|feel something)\b",
    ),
    # make the audience feel the dread, make viewers experience the cold
    (
        "make makes making let lets letting help helps",
        r"\b(?:make|makes|making|let|lets|letting|help|helps) {WHO} (?:feel|experience|sense|imagine|notice|"
        r"believe|understand)\b(?: (?:the|a|an|it|this|that)\b)?(?: [\w-]+)?",
    ),
    # make people want to buy, makes you want to dance: the words up to the next 'and', 'with' ... go too
    (
        "make makes making",
        r"\b(?:make|makes|making) {WHO} want to(?: (?!(?:and|with|while|plus|then)\b)[\w-]+){0,4}",
    ),
    # feel epic, should sound scary, needs to be exciting
    ("feel feels feeling", r"\b(?:feel|feels|feeling) {ADVERBS}{QUALITY}\b"),
    (
        "should must need needs has have ought gotta want",
        r"\b(?:should|must|needs? to|has to|have to|ought to|gotta|want it to) (?:be|sound|seem|get|become) "
        r"{ADVERBS}{QUALITY}\b",
    ),
    # keep the audience engaged, keep it suspenseful, on the edge of their seats, grab attention
    (
        "keep keeps keeping hold holds holding",
        r"\b(?:keep|keeps|keeping|hold|holds|holding) {WHO}(?: (?:engaged|hooked|interested|guessing|"
        r"captivated|glued|invested|on edge))?\b",
    ),
    (
        "keep keeps keeping",
        r"\b(?:keep|keeps|keeping) (?:it|things|this|everything|the (?:mood|vibe|tone|energy|scene)) "
        r"{ADVERBS}(?:{QUALITY}|light|upbeat|positive|tense)\b",
    ),
    ("edge", r"\bon the edge of (?:their|your|the|our) seats?\b"),
    (
        "grab grabs grabbing catch catches hook hooks hooking draw draws drawing pull pulls pulling suck sucks "
        "immerse immerses immersing captivate captivates wow wows impress impresses blow blows move moves",
        r"\b(?:grab|grabs|grabbing|catch|catches|hook|hooks|hooking|draw|draws|drawing|pull|pulls|pulling|suck|"
        r"sucks|immerse|immerses|immersing|captivate|captivates|wow|wows|impress|impresses|blow|blows|move|"
        r"moves) (?:the )?(?:audience|viewers?|listeners?|people|attention|everyone)(?: (?:in|away|into the "
        r"\w+))?\b",
    ),
    ("so", r"\bso (?:that )?{WHO} (?:feels?|will feel|can feel|gets?|are|is)\b(?: [\w-]+){0,3}"),
    (
        "goosebumps chills shivers creeps",
        r"\b(?:give|gives|giving|send|sends|sending) (?:{WHO} )?(?:the )?(?:goosebumps|chills|shivers|creeps)\b",
    ),
    ("heartstrings", r"\btug(?:s|ging)? at (?:the|your|their) heartstrings\b"),
    # bring the scene to life, tell a story, for dramatic effect, a cinematic feel, give it a moody vibe
    (
        "life",
        r"\b(?:bring|brings|bringing) (?:the |this )?(?:scene|video|it|clip|story|picture|visuals|footage|"
        r"images?|world|moment) to life\b",
    ),
    ("out", r"\b(?:bring|brings|bringing) out (?:the )?{OBJECT}\b"),
    ("story", r"\b(?:tell|tells|telling) (?:a|the) story\b"),
    (
        "effect impact",
        r"\b(?:for|with) (?:(?:maximum|max|more|extra|great|real) )?(?:dramatic|emotional|cinematic) "
        r"(?:effect|impact)\b",
    ),
    ("maximum max", r"\b(?:maximum|max) (?:impact|effect|drama|tension|hype)\b"),
    (
        "feel feeling vibe vibes touch quality experience effect",
        r"\b(?:(?:with|for|give it|giving it) )?(?:an? )?(?:epic|cinematic|dramatic|emotional|movie|film|"
        r"hollywood|blockbuster|professional|immersive|engaging|powerful|impactful|awesome|cool|amazing|viral)"
        r"(?:-like)? (?:feel|feeling|vibe|vibes|touch|quality|experience|effect)\b",
    ),
    (
        "give gives giving add adds adding",
        r"\b(?:give|gives|giving|add|adds|adding) (?:it|this|the (?:scene|video|clip|track|music|sound)) "
        r"(?:a|an|some|more) (?:[\w-]+ ){0,2}(?:feel|vibe|vibes|touch|quality|edge|energy|flavou?r|mood|"
        r"atmosphere)\b",
    ),
    (
        "up",
        r"\b(?:pump|pumps|hype|hypes|amp|amps|ramp|ramps|crank|cranks|jack|jacks) (?:it|things|the crowd|"
        r"the viewer) up\b",
    ),
    ("pay", r"\bpay off the (?:moment|scene|tension|build)\b"),
)

# Connectives that belong to a directorial phrase when they come just before it ("strings that build tension").
_LEAD_IN = (
    r"(?:that|which|to|and|so|in order to|so as to|should|must|will|would|it should|needs? to|has to|have to|"
    r"try to|help to|helps?|please|really|also|just)"
)


def _compile(template: str) -> str:
    template = template.replace(" ", _GAP)
    for name, group in _GROUPS.items():
        template = template.replace("{" + name + "}", group)
    return template


for _name in _GROUPS:  # groups may use each other's spacing
    _GROUPS[_name] = _GROUPS[_name].replace(" ", _GAP)

DIRECTORIAL_RULES: tuple[tuple[frozenset[str], re.Pattern[str]], ...] = tuple(
    (frozenset(stems(words)), re.compile(_compile(template), re.IGNORECASE)) for words, template in _PATTERNS
)
DIRECTORIAL_TRIGGERS: frozenset[str] = frozenset().union(*(words for words, _ in DIRECTORIAL_RULES))
LEAD_IN = re.compile(r"\b(?:" + _compile(_LEAD_IN) + _GAP + r"){1,3}\Z", re.IGNORECASE)
LEAD_IN_REACH = 40  # characters before a match that can hold its lead-in
