"""Directorial language: phrases that direct an effect on the audience instead of describing a sound.

"Build tension", "create excitement", "make it feel epic", "set the mood", "keep viewers engaged" and their
variants. Each pattern comes with the words it cannot match without, so most prompts are never searched.
"""

from __future__ import annotations

import re

from tools.lint.text import stems

_GAP = r"[ \t\u00a0]+"  # spacing inside one item; separators never appear inside a match
_OBJECT = (
    r"(?:tension|suspense|anticipation|drama|excitement|energy|intensity|atmosphere|mood|momentum|dread|fear|"
    r"terror|hype|urgency|intrigue|mystery|wonder|awe|emotions?|feelings?|vibes?|impact|interest|engagement|"
    r"immersion|realism|depth|life|magic|nostalgia|romance|joy|sadness|hope|epicness|stakes|interest|"
    r"adrenaline|goosebumps|chills|(?:the|a|an)"
    + _GAP
    + r"(?:tone|scene|moment|story|narrative|vibe|feeling|"
    r"mood|atmosphere|drama|tension|suspense|stakes)|(?:a|an)"
    + _GAP
    + r"(?:sense|feeling)"
    + _GAP
    + r"of"
    + _GAP
    + r"[\w-]+)"
)
_FILL = (
    r"(?:(?:the|some|more|a|an|lots" + _GAP + r"of|plenty" + _GAP + r"of|real|extra|maximum|max|great|"
    r"a"
    + _GAP
    + r"lot"
    + _GAP
    + r"of|a"
    + _GAP
    + r"bit"
    + _GAP
    + r"of|little|much|serious|tons"
    + _GAP
    + r"of|sense"
    + _GAP
    + r"of|feeling"
    + _GAP
    + r"of|cinematic|emotional|dramatic|epic|intense|huge|big|"
    r"building|rising|growing|mounting|suspenseful|overall|ominous|eerie|dark|creepy|tense|cozy|warm|dreamy|"
    r"magical|festive|romantic|mysterious|melancholic|sad|joyful|playful|uplifting|hopeful|peaceful|calm|"
    r"relaxing|nostalgic|spooky|scary|haunting|heavy|light|strong|deep|real|genuine|palpable|unsettling|"
    r"triumphant|heroic|exciting|thrilling|upbeat|happy|positive|chill|serene|somber|gloomy)"
    + _GAP
    + r"){0,4}"
)
_QUALITY = (
    r"(?:epic|cinematic|dramatic|intense|exciting|emotional|scary|spooky|creepy|tense|suspenseful|sad|happy|"
    r"powerful|energetic|uplifting|moving|fun|engaging|immersive|memorable|catchy|cool|awesome|amazing|"
    r"impactful|bigger|huge|massive|heroic|romantic|mysterious|eerie|ominous|dark|magical|real|realistic|"
    r"professional|viral|better|alive|thrilling|terrifying|hype|hyped|lit|legendary|iconic|blockbuster|"
    r"hollywood|larger"
    + _GAP
    + r"than"
    + _GAP
    + r"life|like"
    + _GAP
    + r"(?:a|an|the)"
    + _GAP
    + r"(?:movie|film|blockbuster|trailer|hollywood"
    + _GAP
    + r"movie)|pop|stand"
    + _GAP
    + r"out|shine|"
    r"special|interesting|unforgettable|intense)"
)
_ADVERBS = (
    r"(?:(?:more|very|really|so|super|truly|extra|a" + _GAP + r"bit|a" + _GAP + r"little|even|much|"
    r"totally|absolutely|incredibly|way)" + _GAP + r"){0,3}"
)
_WHO = (
    r"(?:the" + _GAP + r")?(?:audience|viewers?|listeners?|people|everyone|everybody|them|you|us|me|"
    r"the" + _GAP + r"viewer)"
)
_LEAD_IN = (
    r"(?:(?:that|which|to|and|so|in" + _GAP + r"order" + _GAP + r"to|so" + _GAP + r"as" + _GAP + r"to|"
    r"should|must|will|would|it"
    + _GAP
    + r"should|needs?"
    + _GAP
    + r"to|has"
    + _GAP
    + r"to|have"
    + _GAP
    + r"to|try"
    + _GAP
    + r"to|help"
    + _GAP
    + r"to|helps?|please|really|also|just)"
    + _GAP
    + r"){0,3}"
)

_DIRECTORIAL_PATTERNS = (
    # build tension, building up the suspense, tension-building
    r"\b(?:build|builds|building|built|builds"
    + _GAP
    + r"up|build"
    + _GAP
    + r"up|building"
    + _GAP
    + r"up)"
    + _GAP
    + _FILL
    + _OBJECT
    + r"\b",
    r"\b(?:tension|suspense|drama|excitement|energy|hype)[- ]building\b",
    # create excitement, add drama, set the mood, heighten the tension, evoke a sense of awe
    r"\b(?:create|creates|creating|add|adds|adding|evoke|evokes|evoking|convey|conveys|conveying|establish|"
    r"establishes|establishing|generate|generates|generating|bring|brings|bringing|deliver|delivers|"
    r"delivering|give|gives|giving|heighten|heightens|heightening|increase|increases|increasing|raise|raises|"
    r"raising|boost|boosts|boosting|intensify|intensifies|intensifying|elevate|elevates|elevating|instill|"
    r"inspire|inspires|inspiring|provoke|provokes|provoking|set|sets|setting|amp"
    + _GAP
    + r"up|ramp"
    + _GAP
    + r"up|crank"
    + _GAP
    + r"up|pump"
    + _GAP
    + r"up|ratchet"
    + _GAP
    + r"up|dial"
    + _GAP
    + r"up)"
    + _GAP
    + _FILL
    + _OBJECT
    + r"\b",
    # enhance the scene, match the mood, underscore the action, fit the video
    r"\b(?:enhance|enhances|enhancing|match|matches|matching|fit|fits|fitting|suit|suits|complement|"
    r"complements|complementing|underscore|underscores|underscoring|underline|underlines|reflect|reflects|"
    r"reflecting|mirror|mirrors|mirroring|support|supports|supporting|emphasize|emphasizes|emphasise|"
    r"emphasises|emphasizing|accentuate|accentuates|elevate|elevates|capture|captures|capturing|serve|serves)"
    + _GAP
    + r"(?:the"
    + _GAP
    + r"|this"
    + _GAP
    + r"|its"
    + _GAP
    + r"|our"
    + _GAP
    + r")?(?:overall"
    + _GAP
    + r")?(?:mood|emotions?|story|narrative|action|visuals?|video|scenes?|footage|clip|picture|images?|"
    r"journey|moments?|vibe|energy|tone|feeling|essence|spirit|atmosphere|drama|tension|intensity|edit|"
    r"cut|shot|content|message|brand|viewer'?s?" + _GAP + r"experience)\b",
    # make it feel epic, make the audience cry, make it more dramatic
    r"\b(?:make|makes|making)"
    + _GAP
    + r"(?:it|this|everything|things|the"
    + _GAP
    + r"(?:scene|video|clip|moment|footage|shot|sound|music|track|audio|whole"
    + _GAP
    + r"thing)|"
    + _WHO
    + r")"
    + _GAP
    + r"(?:(?:feel|sound|seem|look|get|become)"
    + _GAP
    + r")?"
    + _ADVERBS
    + r"(?:"
    + _QUALITY
    + r"|cry|jump|smile|laugh|scared|excited|emotional|feel"
    + _GAP
    + r"something)\b",
    # make the audience feel the dread, make viewers experience the cold
    r"\b(?:make|makes|making|let|lets|letting|help|helps)"
    + _GAP
    + _WHO
    + _GAP
    + r"(?:feel|experience|sense|imagine|notice|believe|understand)\b(?:"
    + _GAP
    + r"(?:the|a|an|it|this|that)\b)?"
    + r"(?:"
    + _GAP
    + r"[\w-]+)?",
    # feel epic, should sound scary, needs to be exciting
    r"\b(?:feel|feels|feeling)" + _GAP + _ADVERBS + _QUALITY + r"\b",
    r"\b(?:should|must|needs?" + _GAP + r"to|has" + _GAP + r"to|have" + _GAP + r"to|ought" + _GAP + r"to|"
    r"gotta|want"
    + _GAP
    + r"it"
    + _GAP
    + r"to)"
    + _GAP
    + r"(?:be|sound|seem|get|become)"
    + _GAP
    + _ADVERBS
    + _QUALITY
    + r"\b",
    # keep the audience engaged, grab attention, hook the viewer, on the edge of their seats
    r"\b(?:keep|keeps|keeping|hold|holds|holding)"
    + _GAP
    + _WHO
    + r"(?:"
    + _GAP
    + r"(?:engaged|hooked|interested|guessing|captivated|glued|invested|on"
    + _GAP
    + r"edge))?\b",
    r"\bon"
    + _GAP
    + r"the"
    + _GAP
    + r"edge"
    + _GAP
    + r"of"
    + _GAP
    + r"(?:their|your|the|our)"
    + _GAP
    + r"seats?\b",
    r"\b(?:grab|grabs|grabbing|catch|catches|hook|hooks|hooking|draw|draws|drawing|pull|pulls|pulling|suck|"
    r"sucks|immerse|immerses|immersing|captivate|captivates|wow|wows|impress|impresses|blow|blows|move|moves)"
    + _GAP
    + r"(?:the"
    + _GAP
    + r")?(?:audience|viewers?|listeners?|people|attention|everyone)(?:"
    + _GAP
    + r"(?:in|away|into"
    + _GAP
    + r"the"
    + _GAP
    + r"\w+))?\b",
    r"\bso"
    + _GAP
    + r"(?:that"
    + _GAP
    + r")?"
    + _WHO
    + _GAP
    + r"(?:feels?|will"
    + _GAP
    + r"feel|can"
    + _GAP
    + r"feel|gets?|are|is)\b(?:"
    + _GAP
    + r"[\w-]+){0,3}",
    r"\b(?:give|gives|giving|send|sends|sending)"
    + _GAP
    + r"(?:"
    + _WHO
    + _GAP
    + r")?(?:the"
    + _GAP
    + r")?(?:goosebumps|chills|shivers|creeps)\b",
    r"\btug(?:s|ging)?" + _GAP + r"at" + _GAP + r"(?:the|your|their)" + _GAP + r"heartstrings\b",
    # bring the scene to life, tell a story, capture the essence of summer
    r"\b(?:bring|brings|bringing)" + _GAP + r"(?:the" + _GAP + r"|this" + _GAP + r")?(?:scene|video|it|clip|"
    r"story|picture|visuals|footage|images?|world|moment)" + _GAP + r"to" + _GAP + r"life\b",
    r"\b(?:bring|brings|bringing)" + _GAP + r"out" + _GAP + r"(?:the" + _GAP + r")?" + _OBJECT + r"\b",
    r"\b(?:tell|tells|telling)" + _GAP + r"(?:a|the)" + _GAP + r"story\b",
    r"\b(?:for|with)" + _GAP + r"(?:maximum|max|more|extra|great|real)?" + _GAP + r"?(?:dramatic|emotional|"
    r"cinematic)" + _GAP + r"(?:effect|impact)\b",
    r"\b(?:maximum|max)" + _GAP + r"(?:impact|effect|drama|tension|hype)\b",
    r"\b(?:(?:with|for|give"
    + _GAP
    + r"it|giving"
    + _GAP
    + r"it)"
    + _GAP
    + r")?(?:an?"
    + _GAP
    + r")?(?:epic|cinematic|dramatic|emotional|movie|film|hollywood|blockbuster|professional|immersive|"
    r"engaging|powerful|impactful|awesome|cool|amazing|viral)(?:-like)?"
    + _GAP
    + r"(?:feel|feeling|vibe|vibes|touch|quality|experience|effect)\b",
    r"\b(?:pump|pumps|hype|hypes|amp|amps|ramp|ramps|crank|cranks|jack|jacks)"
    + _GAP
    + r"(?:it|things|the"
    + _GAP
    + r"crowd|the"
    + _GAP
    + r"viewer)"
    + _GAP
    + r"up\b",
    r"\bpay" + _GAP + r"off" + _GAP + r"the" + _GAP + r"(?:moment|scene|tension|build)\b",
)

# For each pattern above, in order, the words it cannot match without: a prompt holding none of a pattern's
# words is not searched with it (the patterns are costly, and most prompts hold none).
_PATTERN_WORDS = (
    "build builds building built",
    "building",
    "create creates creating add adds adding evoke evokes evoking convey conveys conveying establish "
    "establishes establishing generate generates generating bring brings bringing deliver delivers delivering "
    "give gives giving heighten heightens heightening increase increases increasing raise raises raising boost "
    "boosts boosting intensify intensifies intensifying elevate elevates elevating instill inspire inspires "
    "inspiring provoke provokes provoking set sets setting up",
    "enhance enhances enhancing match matches matching fit fits fitting suit suits complement complements "
    "complementing underscore underscores underscoring underline underlines reflect reflects reflecting mirror "
    "mirrors mirroring support supports supporting emphasize emphasizes emphasise emphasises emphasizing "
    "accentuate accentuates elevate elevates capture captures capturing serve serves",
    "make makes making",
    "make makes making let lets letting help helps",
    "feel feels feeling",
    "should must need needs has have ought gotta want",
    "keep keeps keeping hold holds holding",
    "edge",
    "grab grabs grabbing catch catches hook hooks hooking draw draws drawing pull pulls pulling suck sucks "
    "immerse immerses immersing captivate captivates wow wows impress impresses blow blows move moves",
    "so",
    "goosebumps chills shivers creeps",
    "heartstrings",
    "life",
    "out",
    "story",
    "effect impact",
    "maximum max",
    "feel feeling vibe vibes touch quality experience effect",
    "up",
    "pay",
)
assert len(_PATTERN_WORDS) == len(_DIRECTORIAL_PATTERNS)

DIRECTORIAL_RULES: tuple[tuple[frozenset[str], re.Pattern[str]], ...] = tuple(
    (frozenset(stems(words)), re.compile(pattern, re.IGNORECASE))
    for words, pattern in zip(_PATTERN_WORDS, _DIRECTORIAL_PATTERNS, strict=True)
)
DIRECTORIAL_TRIGGERS: frozenset[str] = frozenset().union(*(words for words, _ in DIRECTORIAL_RULES))
# Connectives that belong to a directorial phrase when they come just before it ("strings that build tension").
LEAD_IN = re.compile(r"\b" + _LEAD_IN.replace("{0,3}", "{1,3}") + r"\Z", re.IGNORECASE)
LEAD_IN_REACH = 40  # characters before a match that can hold its lead-in
