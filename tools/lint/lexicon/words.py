"""Small word lists the rules share: words that carry no content in the languages the lexicon knows."""

from __future__ import annotations

from tools.lint.text import stems

# Articles, prepositions, conjunctions and pronouns (English, Spanish, French, German, Portuguese, Italian):
# two texts sharing only these share nothing.
STOP = frozenset(
    stems(
        """a an the of in on at to by for from with and or but into onto over under then some any this that it
        its his her their he she they them is are was be been being out up off as so very just
        el la los las un una unos unas de del en y o con por para al lo que se su sus
        le les une des du au aux et ou avec pour par sur dans qui est son sa ses
        der die das den dem des ein eine einen einem und oder mit im am zu auf aus von vom zum zur ist ihm ihr
        o os um uma uns umas do da dos das no na nos nas em e com por para ao que
        il gli i l uno di del della dei delle nel nella sul sulla con per che è"""
    )
)
