"""One corpus entry: a prompt pair and the rules a careful reader of the guide expects to fire on it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Case:
    """One prompt pair and the rules expected to fire on it."""

    kind: str
    sfx: str
    music: str
    expect: frozenset[str]
    asmr: bool = False
    scene: str | None = None
    events: tuple[tuple[float, str], ...] = ()


def case(
    kind: str,
    sfx: str,
    music: str = "",
    expect: str = "",
    *,
    asmr: bool = False,
    scene: str | None = None,
    events: tuple[tuple[float, str], ...] = (),
) -> Case:
    """A corpus entry; `expect` is a space-separated list of rule names."""
    return Case(kind, sfx, music, frozenset(expect.split()), asmr, scene, events)


CUTS_HALF_SECOND = tuple((0.5 * i, "scene cut") for i in range(1, 12))
CUTS_EVERY_SECOND = ((1.0, "scene cut"), (2.0, "scene cut"), (3.0, "scene cut"), (4.1, "scene cut"))
