"""Finishing the sound: what happens to the clip's own audio (replace, mix, duck) and the final loudness.

`soundtrack.finish_soundtrack` takes fal's soundtrack (fitted to the picture) and the clip's own audio
track, blends them as asked (`blend`), brings the result to a loudness target under a true-peak ceiling
(`loudness`), and writes it as the MP3 and as the scored video's track; `loudness.measure_file` reports what
a soundtrack ended up as. fal never sees any of this: changing only the finishing re-finishes from fal's
kept download.
"""
