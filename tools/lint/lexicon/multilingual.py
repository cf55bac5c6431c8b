"""Words of other languages the linter reads: beds, short events, tempo words, and English glosses.

People type prompts in their own language, or mix it with English. The linter does not translate: it knows the
few words that decide a rule (is this a bed, a short event, a tempo) and reads a scene written in English
against a prompt written in another language through the glosses.
"""

from __future__ import annotations

from tools.lint.lexicon.events import terms

# Continuous beds and ambiences (Spanish, French, German, Portuguese, Italian, Japanese).
BED = terms(
    """
    lluvia, lluvia fuerte, viento, viento suave, brisa, tráfico, olas, pájaros, grillos, murmullo, ambiente,
    pajaritos, canto de pájaros, pájaros cantando, cigarras, ranas, gaviotas, olas del mar, zumbido,
    murmullo de gente, ruido de tráfico,
    pluie, vent, brise, circulation, vagues, oiseaux, grillons, murmure, ambiance, bruit de pluie,
    chant des oiseaux, gazouillis, cigales, grenouilles, mouettes, bourdonnement, brouhaha,
    Regen, Wind, Brise, Verkehr, Wellen, Vögel, Grillen, Rauschen, Brummen, leises Brummen, Vogelgezwitscher,
    Vogelgesang, Zikaden, Frösche, Möwen, Meeresrauschen, Straßenlärm, Stimmengewirr, Raumton,
    chuva, chuva forte, vento, brisa, trânsito, ondas, ondas do mar, pássaros, grilos, murmúrio,
    passarinhos, canto dos pássaros, cigarras, sapos, gaivotas, zumbido, burburinho,
    pioggia, vento, traffico, onde, uccelli, grilli, brusio, uccellini, cinguettio, cicale, rane, gabbiani,
    ronzio,
    雨, 雨の音, 風, 波, 虫の声, 鳥の声, 蝉の声, 雑踏
    """
)

# Short events that land on a frame.
TRANSIENT = terms(
    """
    portazo, golpe, disparo, explosión, trueno, truenos, frenazo, ladrido, choque,
    golpazo, estallido, chasquido, bocinazo, timbre,
    claque, claquement, coup de feu, explosion, tonnerre, aboie, aboiement, choc,
    fracas, pétard, klaxon, sonnette,
    knallt, Knall, Schuss, Explosion, Donner, Schlag, bellt, Hupe, Klingel, Türklingel, Klirren, Knacks,
    batendo, batida, tiro, explosão, trovão, freada, estalo, pancada, buzina, campainha, estouro,
    sbatte, colpo, sparo, esplosione, tuono, schianto, scoppio, tonfo, botto, clacson, campanello,
    bocina, claxon, chapuzón, plouf, Platsch, mergulho, tuffo, timbrazo, Knacken, crac,
    雷, ドア, 銃声, 爆発
    """
)

# Other sound words that name an event (neither bed nor transient).
EVENT = terms(
    """
    pasos, motor, risas, rindo, perro, campanas,
    pas, moteur, rires, chien, cloches,
    Schritte, Motor, Lachen, Hund, Glocken, tippen, Mausklicks,
    passos, motor, risos, cachorro, sinos,
    passi, motore, risate, cane, campane,
    crujido, chirrido, aplausos, silbido, grito, tecleo, grincement, applaudissements, sifflement, cri,
    Knarren, Quietschen, Applaus, Pfeifen, Schrei, rangido, assobio, cigolio, scricchiolio, applausi, fischio,
    urlo,
    足音
    """
)

# What a word means in English, for reading an English scene against a prompt in another language.
GLOSS: dict[str, str] = {
    "portazo": "door slam",
    "puerta": "door",
    "lluvia": "rain",
    "viento": "wind",
    "truenos": "thunder storm",
    "trueno": "thunder storm",
    "disparo": "gunshot shot",
    "pasos": "footsteps",
    "perro": "dog",
    "porte": "door",
    "claque": "slam",
    "pluie": "rain",
    "orage": "storm thunder",
    "tonnerre": "thunder storm",
    "chien": "dog",
    "tür": "door",
    "knallt": "slam bang",
    "regen": "rain",
    "schritte": "footsteps",
    "hund": "dog",
    "porta": "door",
    "chuva": "rain",
    "trovão": "thunder storm",
    "passos": "footsteps",
    "passi": "footsteps",
    "pioggia": "rain",
    "cane": "dog",
}

# Tempo words and the BPM they read as; a tempo the user wrote is respected, never contradicted.
TEMPO_BPM: dict[str, int] = {
    "lento": 55,
    "lenta": 55,
    "lentamente": 60,
    "despacio": 65,
    "devagar": 65,
    "lent": 60,
    "lente": 60,
    "lentement": 60,
    "langsam": 65,
    "langsame": 65,
    "langsamer": 65,
    "langsamen": 65,
    "moderado": 100,
    "moderada": 100,
    "modéré": 100,
    "modérée": 100,
    "rápido": 140,
    "rápida": 140,
    "rapido": 140,
    "rapida": 140,
    "rapide": 140,
    "vite": 140,
    "schnell": 140,
    "schnelle": 140,
    "schneller": 140,
    "schnellen": 140,
    "veloce": 140,
    "veloci": 140,
    "pas trop rapide": 95,
    "pas trop vite": 95,
    "not too fast": 95,
    "nicht zu schnell": 95,
    "no muy rápido": 95,
    "no muy rapido": 95,
    "não muito rápido": 95,
    "non troppo veloce": 95,
    "not too slow": 100,
    "pas trop lent": 100,
    "pausado": 70,
    "pausada": 70,
    "acelerado": 140,
    "acelerada": 140,
    "veloz": 140,
    "rythmé": 120,
    "rythmée": 120,
    "entraînant": 120,
    "entraînante": 120,
    "gemächlich": 70,
    "getragen": 60,
    "zügig": 120,
    "flott": 125,
    "lebhaft": 130,
    "lentíssimo": 50,
    "lentissimo": 50,
    "agitada": 140,
    "movimentada": 125,
    "ritmata": 120,
}
# Japanese is written without spaces: these are found inside a word.
CJK_TEMPO_BPM: dict[str, int] = {
    "ゆっくり": 65,
    "スロー": 65,
    "遅い": 65,
    "アップテンポ": 125,
    "速い": 140,
    "テンポの速い": 140,
    "ミディアム": 100,
}
CJK_INSTRUMENT = terms(
    "ピアノ, ギター, ドラム, 太鼓, 琴, 三味線, 尺八, バイオリン, チェロ, シンセ, オーケストラ, ベース"
)
CJK_MOOD: dict[str, str] = {
    "明るい": "happy",
    "楽しい": "happy",
    "悲しい": "sad",
    "静か": "calm",
    "壮大": "epic",
}

INSTRUMENT = terms(
    """
    guitarra, violão, chitarra, guitare, Gitarre, batería, bateria, batterie, Schlagzeug, batteria, violín,
    violon, Geige, violino, chelo, violonchelo, violoncelle, Cello, violoncello, flauta, flûte, Flöte, flauto,
    trompeta, trompette, Trompete, tromba, tambores, tambours, Trommeln, tamburi, acordeón, accordéon,
    Akkordeon, fisarmonica, sanfona, arpa, harpe, Harfe, orquesta, orchestre, Orchester, orquestra, orchestra,
    cuerdas, cordes, Streicher, cordas, archi, sintetizador, synthé, Synthesizer, sintetizzatore,
    Klavier, Flügel, pianoforte, piano de cola, piano à queue, órgano, orgue, Orgel, organo, órgão,
    saxofón, Saxophon, sassofono, saxofone, clarinete, clarinette, Klarinette, clarinetto, trombón, Posaune,
    contrabajo, contrebasse, Kontrabass, contrabbasso, bajo eléctrico, basse électrique, E-Bass,
    coro, chœur, Chor, percusión, percussions, Schlagwerk, percussão, percussioni, timbales, Pauken, timpani,
    xilófono, Xylophon, xilofono, xilofone, mandolina, mandoline, Mandoline, mandolino, bandoneón, bandonéon,
    gaita, cornemuse, Dudelsack, cornamusa, laúd, luth, Laute, liuto, alaúde, guitarra eléctrica,
    guitare électrique, E-Gitarre, Akustikgitarre, chitarra elettrica, guitarra elétrica, cavaquinho, charango
    """
)
GENRE = terms("électro, elektronische, electrónica, eletrônica, elettronica, reggaeton, cumbia, phonk")
MOODS: dict[str, str] = {
    "sad": "triste, tristes, traurig, traurige, trauriger, melancólica, melancolica, mélancolique, malinconica",
    "happy": "alegre, alegres, feliz, animada, animado, joyeux, joyeuse, gaie, fröhlich, fröhliche, allegra, "
    "allegre, felice",
    "calm": "douce, doux, suave, tranquilo, tranquila, calme, ruhig, ruhige, calma, calmo, rilassante, "
    "relajante, relaxante, sanft, sanfte, dolce",
    "epic": "épica, epica, épico, epico, épique, episch, epische, epischer",
    "tense": "tensa, tenso, sombre, angoissant, düster, düstere, cupo, cupa",
}
