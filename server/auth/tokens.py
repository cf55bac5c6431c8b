"""The SDK's TokenVerifier over the people of a shared host: their tokens, and KLING_V2A_HTTP_TOKEN as `team`."""

from __future__ import annotations

import hmac
import logging

from mcp.server.auth.provider import AccessToken

from tools.errors import ConfigError
from tools.people.store import TEAM, PeopleStore, token_hash

log = logging.getLogger(__name__)


class PeopleVerifier:
    """Accepts a person's token from the store (read again when it changes) or the team token."""

    def __init__(self, store: PeopleStore, team_token: str | None) -> None:
        self.store = store
        self._team = token_hash(team_token) if team_token else None

    def configured(self) -> bool:
        """Whether anyone needs a token at all: a team token, or a tokens file (even one left empty)."""
        return self._team is not None or self.store.exists()

    async def verify_token(self, token: str) -> AccessToken | None:
        """The person of a token, as the SDK's AccessToken (client and subject are the person's name)."""
        digest = token_hash(token)
        name = TEAM if self._team is not None and hmac.compare_digest(digest, self._team) else None
        if name is None:
            try:
                person = self.store.find(token)
            except ConfigError as exc:
                log.error("%s %s", exc.message, exc.hint)
                return None
            name = person.name if person else None
        if name is None:
            return None
        return AccessToken(token=token, client_id=name, scopes=[], subject=name)
