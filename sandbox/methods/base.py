"""What a Web API method handler receives."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sandbox.state import SandboxState
from sandbox.workspace import Workspace

JSON = dict[str, Any]


@dataclass(frozen=True)
class Call:
    """One authenticated Web API call, handled while the state lock is held."""

    state: SandboxState
    workspace: Workspace
    args: JSON
    now: float


Handler = Callable[[Call], JSON]
