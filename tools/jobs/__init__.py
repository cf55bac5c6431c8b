"""Durable jobs: the SQLite ledger, cache keys, the spend guard and the scoring pipeline."""
