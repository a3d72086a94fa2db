"""Which databases a benchmark measures: the ones asked for, PostgreSQL only when reachable."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from tests.databases import postgres_unreachable_reason


def reachable(kinds: Iterable[str], results: dict[str, Any]) -> Iterator[str]:
    """Each database asked for; an unreachable PostgreSQL is skipped with the reason, as a row
    of the printed table and in the results."""
    for kind in kinds:
        if kind == "postgresql" and (reason := postgres_unreachable_reason()):
            results[kind] = {"skipped": reason}
            print(f"| {kind} | skipped: {reason} |")
            continue
        yield kind
