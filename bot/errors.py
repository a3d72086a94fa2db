"""Errors a user can cause: each carries one human line that says how to fix it."""


class UserError(Exception):
    """A mistake in what a user asked for; its message is shown to them as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InvalidInput(UserError):
    """A field is missing, empty or malformed."""


class UnknownMember(UserError):
    """The named Slack user is not a member Followthrough knows in this workspace."""


class UnknownRef(UserError):
    """A follow-up or job order ref that does not exist in this workspace."""


class NotAllowed(UserError):
    """The actor is not a party to the follow-up (nor a workspace admin)."""


class Conflict(UserError):
    """Someone (or the bot) changed the follow-up first; the message says what happened."""


class AlreadyClosed(Conflict):
    """The follow-up is no longer open, so it cannot be resolved, snoozed or cancelled."""


class TryLater(Exception):
    """The database or Slack could not be reached; the work is kept and retried."""


class Replayed(Exception):
    """A signed request was already accepted once: a replay, refused."""


class LostClaim(Exception):
    """Another process took over this work after our lease ran out; ours is rolled back."""
