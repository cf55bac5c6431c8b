"""The token store: one JSON file of people, each with the sha256 of their token and an optional daily budget.

A token is 256 random bits, so a plain sha256 is as hard to reverse as the token is to guess; the token itself is
printed once, when it is made, and never written anywhere. The file is read again whenever it changes on disk, so
`kling-v2a tokens revoke` takes effect on a running server's next request.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import tempfile
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from tools.config import Config
from tools.errors import ConfigError, InputError

TOKEN_PREFIX = "kv2a_"
TEAM = "team"  # the person of KLING_V2A_HTTP_TOKEN
NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,39}")


@dataclass(frozen=True)
class Person:
    """Someone who may use a shared host: their name and their own daily budget (None: the server's)."""

    name: str
    budget_usd: float | None = None
    created_at: str = ""


def token_hash(token: str) -> str:
    """What the store keeps of a token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def tokens_file(config: Config) -> Path:
    """Where the people of a server are kept: KLING_V2A_HTTP_TOKENS_FILE, or tokens.json in the data folder."""
    return config.http_tokens_file or config.data_dir / "tokens.json"


def check_name(name: str) -> str:
    """A person's name: letters, digits, '.', '_' or '-', up to 40 characters; `team` is KLING_V2A_HTTP_TOKEN's."""
    if not NAME_PATTERN.fullmatch(name):
        raise InputError(
            f"{name!r} is not a usable name.",
            hint="Use 1 to 40 letters, digits, '.', '_' or '-', starting with a letter or digit.",
        )
    if name == TEAM:
        raise InputError(
            f"{TEAM!r} is the person of KLING_V2A_HTTP_TOKEN.", hint="Pick another name for this person."
        )
    return name


class PeopleStore:
    """The people of one tokens file; safe to share between threads, re-read when the file changes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._seen: tuple[int, int, int] | None = None
        self._people: dict[str, tuple[str, Person]] = {}  # name -> (hash, person)

    def exists(self) -> bool:
        """Whether the file exists (even with nobody left in it): then every HTTP request needs a token."""
        return self.path.is_file()

    def _load(self) -> dict[str, tuple[str, Person]]:
        with self._lock:
            try:
                st = self.path.stat()
            except FileNotFoundError:
                self._seen, self._people = None, {}
                return self._people
            except OSError as exc:
                raise ConfigError(f"The tokens file {self.path} cannot be read: {exc.strerror}.") from None
            stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
            if stamp != self._seen:
                self._people = self._parse()
                self._seen = stamp
            return self._people

    def _parse(self) -> dict[str, tuple[str, Person]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            people = {}
            for entry in data["people"]:
                person = Person(entry["name"], entry.get("budget_usd"), entry.get("created_at", ""))
                people[person.name] = (str(entry["sha256"]), person)
            return people
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ConfigError(
                f"The tokens file {self.path} is not a kling-v2a tokens file ({type(exc).__name__}).",
                hint="Restore it, or remove it and make the tokens again with `kling-v2a tokens add NAME`.",
            ) from None

    def _save(self, people: dict[str, tuple[str, Person]]) -> None:
        entries = [
            {"name": p.name, "sha256": h, "budget_usd": p.budget_usd, "created_at": p.created_at}
            for h, p in sorted(people.values(), key=lambda item: item[1].name)
        ]
        text = json.dumps({"version": 1, "people": entries}, indent=2) + "\n"
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".tokens-", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
            os.chmod(tmp, 0o600)
            os.replace(tmp, self.path)
        except OSError as exc:
            raise ConfigError(f"The tokens file {self.path} cannot be written: {exc.strerror}.") from None

    def people(self) -> list[Person]:
        """Everyone in the store, by name."""
        return sorted((p for _, p in self._load().values()), key=lambda p: p.name)

    def person(self, name: str) -> Person | None:
        """One person by name, or None."""
        found = self._load().get(name)
        return found[1] if found else None

    def find(self, token: str) -> Person | None:
        """The person a token belongs to, or None; every entry is compared in constant time."""
        digest = token_hash(token)
        match = None
        for stored, person in self._load().values():
            if hmac.compare_digest(stored, digest):
                match = person
        return match

    def add(self, name: str, budget_usd: float | None = None) -> str:
        """Make a token for a new person and return it: the only time it is ever seen."""
        check_name(name)
        if budget_usd is not None and budget_usd < 0:
            raise InputError(
                f"--budget {budget_usd:g} is below 0.", hint="Give a daily budget in USD, 0 or more."
            )
        people = dict(self._load())
        if name in people:
            raise InputError(
                f"{name} already has a token.",
                hint=f"Revoke it first (`kling-v2a tokens revoke {name}`), then add {name} again.",
            )
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        created = datetime.now(timezone.utc).isoformat(timespec="seconds")
        people[name] = (token_hash(token), Person(name, budget_usd, created))
        self._save(people)
        return token

    def revoke(self, name: str) -> Person:
        """Remove a person's token; their jobs and files stay."""
        people = dict(self._load())
        if name not in people:
            raise InputError(
                f"Nobody named {name!r} has a token.", hint="`kling-v2a tokens list` shows who has one."
            )
        _, person = people.pop(name)
        self._save(people)
        return person
