"""What keeps one person's work apart from another's: their keys, their folder and their budget.

Reuse keys are made from a job's `picture`; a named person's picture value carries their name, so every key made
from it (the request's, each fal call's, a takes job's) is theirs alone: an identical request of someone else is
their own job and their own charge. The local user's picture value is the bare digest, as it always was.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from tools.config import Config

_FOLDER = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,39}")


def scoped_picture(digest: str, person: str | None) -> str:
    """The picture value a person's keys are made from."""
    return digest if person is None else f"{digest}@{person}"


def folder_name(person: str) -> str:
    """A person's folder name: their name when it is a plain one, else a cleaned name and a short digest."""
    if _FOLDER.fullmatch(person):
        return person
    clean = re.sub(r"[^A-Za-z0-9_.-]+", "-", person).strip(".-")[:32] or "person"
    return f"{clean}-{hashlib.sha256(person.encode()).hexdigest()[:8]}"


def person_folder(output_dir: Path, person: str | None) -> Path:
    """Where a person's results go by default: their own folder under the server's output folder."""
    return output_dir if person is None else output_dir / folder_name(person)


def daily_budget(config: Config, person: str | None) -> tuple[float, str]:
    """A person's daily budget in USD and where it is set."""
    if person is not None:
        from tools.people.store import PeopleStore, tokens_file

        found = PeopleStore(tokens_file(config)).person(person)
        if found is not None and found.budget_usd is not None:
            return found.budget_usd, f"{person}'s daily budget (kling-v2a tokens add --budget)"
    return config.daily_budget_usd, f"KLING_V2A_DAILY_BUDGET_USD={config.daily_budget_usd:g}"
