"""User text is data: shown as itself, never as Slack markup."""

from __future__ import annotations


def shown(text: str | None) -> str:
    """Text a person typed (or a profile name), safe inside mrkdwn.

    Slack reads `<!here>`, `<@U…>`, `<#C…>` and `<https://…|label>` in mrkdwn as live markup;
    escaping &, < and > makes each show as the characters that were typed.
    """
    if not text:
        return ""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
