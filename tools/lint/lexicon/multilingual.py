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
    pluie, vent, brise, circulation, vagues, oiseaux, grillons, murmure, ambiance, bruit de pluie,
    Regen, Wind, Brise, Verkehr, Wellen, Vögel, Grillen, Rauschen, Brummen, leises Brummen, Vogelgezwitscher,
    chuva, chuva forte, vento, brisa, trânsito, ondas, ondas do mar, pássaros, grilos, murmúrio,
    pioggia, vento, traffico, onde, uccelli, grilli, brusio,
    雨, 雨の音, 風, 波, 虫の声
    """
)

# Short events that land on a frame.
TRANSIENT = terms(
    """
    portazo, golpe, disparo, explosión, trueno, truenos, frenazo, ladrido, choque,
    claque, claquement, coup de feu, explosion, tonnerre, aboie, aboiement, choc,
    knallt, Knall, Schuss, Explosion, Donner, Schlag, bellt,
    batendo, batida, tiro, explosão, trovão, freada,
    sbatte, colpo, sparo, esplosione, tuono,
    雷, ドア, 銃声, 爆発
    """
)

# Other sound words that name an event (neither bed nor transient).
EVENT = terms(
    """
    pasos, motor, risas, rindo, gaviotas, perro, campanas,
    pas, moteur, rires, chien, mouettes, cloches,
    Schritte, Motor, Lachen, Hund, Möwen, Glocken, tippen, Mausklicks,
    passos, motor, risos, cachorro, gaivotas, sinos,
    passi, motore, risate, cane, gabbiani, campane,
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
