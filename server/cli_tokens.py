"""`kling-v2a tokens add NAME [--budget USD] | list | revoke NAME`: who may use a shared HTTP host.

The token is printed once, on stdout, when it is made; the store keeps only its sha256 (tools/people/store.py).
"""

from __future__ import annotations

import argparse

from server.cli_exit import OK
from server.cli_term import Out
from tools.config import Config
from tools.people.store import PeopleStore, tokens_file


def _budget(text: str) -> float:
    value = float(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def add_parser(verbs: argparse._SubParsersAction) -> None:
    """The `tokens` verb and its actions."""
    tokens = verbs.add_parser("tokens", help="people of a shared HTTP host: add, list or revoke their tokens")
    actions = tokens.add_subparsers(dest="action", metavar="ACTION")
    add = actions.add_parser("add", help="make a token for a person (shown once)")
    add.add_argument("name", metavar="NAME")
    add.add_argument(
        "--budget",
        type=_budget,
        metavar="USD",
        help="their daily budget (default: KLING_V2A_DAILY_BUDGET_USD)",
    )
    revoke = actions.add_parser("revoke", help="take a person's token away (their jobs and files stay)")
    revoke.add_argument("name", metavar="NAME")
    actions.add_parser("list", help="who has a token, and their budgets")
    for parser in (tokens, *actions.choices.values()):
        # Flags repeated on an action must not reset what `tokens` itself already parsed.
        default = False if parser is tokens else argparse.SUPPRESS
        parser.add_argument("--json", action="store_true", default=default, help="print JSON on stdout")
        parser.add_argument("-v", "--verbose", action="store_true", default=default, help="log to stderr")


def tokens(args: argparse.Namespace, config: Config, out: Out, err: Out) -> int:
    """Run one `tokens` action (list by default)."""
    store = PeopleStore(tokens_file(config))
    action = getattr(args, "action", None) or "list"
    as_json = args.json
    if action == "add":
        token = store.add(args.name, args.budget)
        budget = args.budget if args.budget is not None else config.daily_budget_usd
        if as_json:
            out.json(
                {"name": args.name, "token": token, "budget_usd": budget, "tokens_file": str(store.path)}
            )
        else:
            out.line(token)
            err.line(f"A token for {args.name} (daily budget USD {budget:g}); it is shown only this once.")
            err.line(
                f"Give it to {args.name}: their client sends it as the header Authorization: Bearer <token>."
            )
            if config.oauth is not None:
                err.line(
                    "Note: with KLING_V2A_OAUTH_ISSUER set, the server accepts only the provider's tokens."
                )
        return OK
    if action == "revoke":
        person = store.revoke(args.name)
        if as_json:
            out.json({"revoked": person.name})
        else:
            out.line(
                f"Revoked {person.name}'s token; their next request gets HTTP 401. Their jobs and files stay."
            )
        return OK
    people = store.people()
    if as_json:
        out.json(
            {
                "tokens_file": str(store.path),
                "people": [
                    {"name": p.name, "budget_usd": p.budget_usd, "created_at": p.created_at} for p in people
                ],
                "team_token": bool(config.http_token),
            }
        )
        return OK
    for p in people:
        budget = (
            f"USD {p.budget_usd:g}"
            if p.budget_usd is not None
            else f"USD {config.daily_budget_usd:g} (server)"
        )
        out.line(f"{p.name:<24} {budget:<20} since {p.created_at}")
    if config.http_token:
        out.line(f"{'team':<24} USD {config.daily_budget_usd:g} (server)  KLING_V2A_HTTP_TOKEN")
    if not people and not config.http_token:
        err.line(f"Nobody has a token yet ({store.path}): kling-v2a tokens add NAME")
    return OK
