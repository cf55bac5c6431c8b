"""Sync review: how a soundtrack's onsets land on the picture's cuts and impacts. Hints for a person, not a verdict."""
