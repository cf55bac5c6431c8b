"""The chat corpus, second part: requests as people type them into a chat (the rules were tuned on this part).

Written before the rules were changed for them; each carries its rubric (see chat_case.py) and review.
"""

from __future__ import annotations

from tests.tools.lint.chat_case import CUT, IMPACT, LANDING, ChatCase, chat

CHAT_B: tuple[ChatCase, ...] = (
    chat(
        "espresso",
        "glass clinking, cafe chatter, espresso machine hiss",
        scene="barista pulls an espresso shot, close-up",
        lead="espresso",
        order=True,
        keep="glass clinking|espresso",
    ),
    chat("bacon", "sizzling bacon in a pan", scene="close-up of bacon frying", asmr_rec="on", keep="bacon"),
    chat(
        "war-asmr",
        "explosions, gunfire, helicopter",
        asmr=True,
        scene="war movie battle, wide shot",
        asmr_rec="off",
        keep="explosions|gunfire|helicopter",
    ),
    chat("no-music", "footsteps", "no music", keep="footsteps"),
    chat("no-talking", "no talking, just ambient forest sounds", keep="forest", forbid="talking"),
    chat(
        "mailman",
        "dog barking at the mailman, mailman says hi",
        lead="dog",
        keep="dog barking",
        forbid="says hi",
    ),
    chat(
        "narrator",
        "narrator explaining the recipe, chopping onions, pan sizzle",
        scene="cooking tutorial",
        lead="chopping",
        keep="chopping onions|pan sizzle",
        forbid="narrator",
    ),
    chat("sad-piano", music="sad piano, slow, 70 bpm", good=True, tempo="slow"),
    chat("ukulele", music="upbeat ukulele, hand claps, 120 BPM", good=True),
    chat("lofi-85", music="lofi hip hop, 85 bpm", good=True),
    chat("trailer", music="epic orchestral trailer music, 140 bpm", good=True),
    chat("emotional", music="make it emotional", bpm=(50, 90)),
    chat(
        "vibe",
        music="music that matches the vibe",
        scene="sunset timelapse over the city, calm",
        bpm=(50, 100),
    ),
    chat(
        "boxers",
        music="intense music for the fight scene",
        scene="two boxers trading punches in a ring",
        bpm=(110, 180),
    ),
    chat("witcher", music="something like the witcher soundtrack", bpm=(60, 120)),
    chat("zelda", music="zelda-ish exploration music", bpm=(70, 120)),
    chat("drive", music="80s synthwave like the drive soundtrack", keep="synthwave", bpm=(80, 120)),
    chat("jazz-bar", music="jazz, like a late night bar", keep="jazz", good=True),
    chat("coldplay", music="coldplay vibes", bpm=(70, 130)),
    chat("swift", music="taylor swift style pop", keep="pop", bpm=(90, 130)),
    chat("ghibli", music="ghibli style, joe hisaishi", bpm=(60, 110)),
    chat("moonlight", music="beethoven moonlight sonata kind of thing", bpm=(45, 80)),
    chat("williams", music="john williams adventure theme", bpm=(100, 140)),
    chat("billie", music="billie eilish dark pop, slow", tempo="slow", bpm=(50, 100), keep="pop"),
    chat("phonk", music="phonk for a car edit", scene="drifting car at night", keep="phonk", bpm=(120, 170)),
    chat("birthday", music="happy kids song", scene="toddler birthday party", bpm=(100, 140)),
    chat(
        "bossa-lenta", music="bossa nova, lenta", tempo="lenta", keep="bossa nova", bpm=(55, 95), lang="mixed"
    ),
    chat("piano-triste", music="piano triste, lento", tempo="lento", keep="piano", bpm=(45, 90), lang="es"),
    chat("schnell", music="schnelle elektronische Musik", tempo="schnelle", bpm=(120, 180), lang="de"),
    chat("tranquilo", music="jazz tranquilo para un café", keep="jazz", bpm=(60, 110), lang="es"),
    chat("zimmer-fr", music="musique épique comme Hans Zimmer", bpm=(60, 140), lang="fr"),
    chat(
        "uptempo-ja", music="音楽はアップテンポで明るい感じ", tempo="アップテンポ", bpm=(110, 160), lang="ja"
    ),
    chat("footsteps-only", "footsteps", lead="footsteps", good=True),
    chat(
        "nyc",
        "car horn honking, traffic, people talking, bus brakes hiss, city ambience",
        scene="busy street crossing in new york",
        lead="car horn",
        keep="car horn|bus brakes",
    ),
    chat("glass", "glass breaking", lead="glass", good=True),
    chat(
        "guide-example",
        "footsteps on gravel, gate creak, distant crows, wind in dry grass",
        lead="footsteps",
        good=True,
    ),
    chat(
        "long-filler",
        "the sound of footsteps on gravel, please add a gate creaking open on rusty hinges, we hear distant "
        "crows, some wind in the dry grass, a dog barking twice far away, leaves skittering across the path, "
        "church bells",
        lead="footsteps",
        keep="footsteps on gravel|gate creaking",
    ),
    chat(
        "gunslinger",
        "wind howling across the plains, dry grass rustling, distant thunder rolling, tumbleweed bouncing "
        "along, crows cawing overhead, old windmill creaking, and then the gunslinger draws and fires one "
        "gunshot",
        scene="western standoff: the gunslinger draws and shoots",
        lead="gunshot",
        order=True,
        keep="gunshot",
    ),
    chat("logo", "dramatic whoosh when the logo appears", keep="whoosh", good=True),
    chat(
        "chased",
        "heart beating, breathing heavily, footsteps running",
        scene="woman running from something in a dark forest",
        lead="footsteps running",
        order=True,
        keep="heart|breathing|footsteps running",
    ),
    chat("keys", "keys jingling, door unlock, door open", lead="keys", good=True),
    chat("boom", "cinematic boom", lead="boom", good=True),
    chat(
        "chef",
        "realistic sounds",
        scene="a chef chopping vegetables on a wooden board",
        forbid="sizzle|pan|bubbl",
    ),
    chat("library", "ambient noise", scene="library, people reading", forbid="phone|ring|cough|chatter"),
    chat("scary-bare", "scary sounds", forbid="growl|claw|scream"),
    chat(
        "door-impact",
        "wind, leaves, door slam",
        events=((1.2, CUT), (2.4, IMPACT)),
        lead="door slam",
        order=True,
        keep="wind|leaves|door slam",
    ),
    chat(
        "ball-landing",
        "crowd noise, ball bounce, sneakers squeak",
        events=((0.8, LANDING), (2.0, IMPACT)),
        lead="ball bounce",
        order=True,
        keep="crowd|ball bounce|sneakers",
    ),
)
