"""The spend guard: no fal call is sent past a person's daily budget."""

from __future__ import annotations

from tools.config import Config
from tools.errors import BudgetExceeded
from tools.jobs.ledger import Ledger
from tools.people.scope import daily_budget
from tools.pricing import call_price


def check_budget(ledger: Ledger, config: Config, calls: int, person: str | None = None) -> None:
    """Refuse work that would take a person's fal spend today past their daily budget (KLING_V2A_DAILY_BUDGET_USD
    unless their token sets one); each person's spend counts against their own budget only."""
    if calls <= 0:
        return
    spent = ledger.spent_today_by(person)
    needed = calls * call_price()
    budget, where = daily_budget(config, person)
    if spent + needed > budget + 1e-9:
        raise BudgetExceeded(
            f"This needs {calls} fal call(s), USD {needed:.3f}, but USD {spent:.3f} of today's {where} is "
            "already spent."
        )
