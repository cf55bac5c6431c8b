"""Cue words: negation, dialog and filler."""

from __future__ import annotations

from tools.lint.lexicon.events import terms

# --- Negation: naming a layer in a prompt generates it, "no" or not. ----------------------------------------

NEGATOR = terms(
    "no, without, not, never, avoid, avoiding, don't, dont, do not, doesn't, minus, excluding, exclude, "
    "except, zero, free of, mute, muted, skip, remove, removing, no more, nor, instead of"
)
# Connectives that belong to the negated phrase when it trails an item ("footsteps but no music").
NEGATION_JOINERS = terms("but, and, with, yet, also, though, just, please, absolutely, definitely")

# --- Dialog: the model generates no speech, lyrics or lip sync. ----------------------------------------------

DIALOG = terms(
    """
    dialog, dialogue, dialogues, speech, speaking, speaks, spoken word, talking, talk, talks, conversation,
    conversations, narration, narrator, narrates, narrating, voiceover, voice-over, voice over, monologue,
    announcer, announcing, announcement, commentary, commentator, interview, podcast, lyrics, lyric, lip sync,
    lip-sync, lipsync, lip synced, lip-synced, lip syncing, mouth movements, text to speech, text-to-speech,
    tts, voice acting, voice actor, lines of dialogue, says, saying, said, rap, rapping, rapper, rap verse,
    vocals, vocal, lead vocals, singer, singers, singing, sings, sung, sing, sing-along, chanting words,
    subtitles, dubbing, dubbed, spoken, speaker says, host says, presenter, presenting, explaining, explains
    """
)
# "Birds singing" is birdsong, "wordless vocals" are an instrument: these words lift a dialog match.
NOT_DIALOG_BEFORE = terms(
    "bird, birds, whale, whales, cricket, crickets, frog, frogs, cicada, cicadas, kettle, wind, wordless, "
    "angelic, ethereal, choir, humming, oohs, ahhs, chopped, vocal chop, vocal chops, wire, wires, saw, bowl, "
    "singing bowl, tea kettle"
)
NOT_DIALOG_AFTER = terms(
    "bowl, bowls, pad, pads, chops, chop, texture, textures, sample, samples, hum, ooh, aah"
)
# What a voice says: with a vocal verb ("chanting the team's name") it asks for words.
SPEECH_OBJECT = terms(
    "name, names, words, slogan, slogans, phrase, phrases, sentence, sentences, line, lines, message, greeting, "
    "hello, goodbye, countdown, instructions, announcement, catchphrase, motto, poem, prayer, alphabet, script"
)
# Words that make a removed dialog item worth keeping as non-verbal crowd sound.
CROWD = terms(
    "people, crowd, crowds, background, distant, cafe, café, restaurant, bar, party, market, room, audience, "
    "group, strangers, passers-by, passersby, guests, chatter, murmur, many, several, indistinct"
)

# --- Filler: words that take characters and name nothing. ---------------------------------------------------

FILLER_LEADING = terms(
    """
    the sound of, the sounds of, sound of, sounds of, the noise of, noise of, noises of, audio of, sfx of,
    we hear, you hear, you can hear, we can hear, i hear, i can hear, hear, there is, there are, there's,
    i want, i'd like, i would like, i need, please, please add, add, adding, include, including, generate,
    give me, let's hear, put in, insert, with some, plus, also, and then, then, followed by
    """
)
FILLER_TRAILING = terms("sound, sounds, noises, sound effect, sound effects, sfx, audio, fx, noise effect")

# Chat filler: how people type to an assistant, never what a prompt should say. Removed wherever it stands.
CHAT_FILLER = terms(
    """
    pls, plz, pleasee, lol, lmao, idk, kinda, sorta, kind of thing, sort of thing, that kind of thing,
    type of thing, ok so, okay so, so yeah, um, uh, umm, uhh, and stuff, stuff like that, or something,
    or whatever, thx, maybe, some, literally, basically, tbh, btw,
    lil, ok, okay, yeah, you know, i guess, something for a, something for an, something for the, i think, if possible, if you can, asap
    """
)

# Music heard in the scene, from a source or a place ("music thumping through the wall", "a radio playing
# next door"): a sound effect the user wrote, which stays in the sound effect prompt as they wrote it.
HEARD_IN_SCENE = terms(
    """
    through the wall, through the walls, through the floor, through the ceiling, next door, from next door,
    upstairs, downstairs, from the neighbors, from the neighbours, neighbor's, neighbour's, on the radio,
    from the radio, radio, car stereo, from a car, from the car, from a speaker, phone speaker, jukebox,
    muffled, in the distance, distant, far away, faint, from the bar, from the club, from the party,
    outside, from outside, from the street, from a window, a través de la pared, de los vecinos, lejana,
    lejano, de fondo en la radio, à travers le mur, des voisins, lointaine, lointain, étouffée, durch die Wand,
    der Nachbarn, von nebenan, entfernte, gedämpfte, do vizinho, dos vizinhos, abafada, distante, dal vicino,
    dai vicini, lontana, lontano, ovattata, attraverso il muro
    """
)
