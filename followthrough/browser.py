"""An admin's browser installing Followthrough: the "Add to Slack" page, Slack's approval on
the stand-in, and the redirect back, over real HTTP (the demo and end-to-end tests)."""

from __future__ import annotations

import html
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from email.message import Message
from urllib.parse import parse_qs, urlencode, urlparse

from bot.config import INSTALL_PATH, REDIRECT_PATH
from sandbox.standin import SlackStandIn


@dataclass(frozen=True)
class Page:
    """What the browser showed: the HTTP status and the page's text."""

    status: int
    text: str
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def words(self) -> str:
        """The page as a person reads it: no tags, single spaces."""
        return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", self.text)).split())


@dataclass(frozen=True)
class Approval:
    """The authorize URL the "Add to Slack" button leads to, read as Slack reads it."""

    state: str
    scopes: tuple[str, ...]
    redirect_uri: str | None
    cookie: str | None  # the state cookie Bolt set in the browser


class Browser:
    """One admin's browser: keeps the cookie Bolt sets, follows the install to its end."""

    def __init__(self, bot_url: str, slack: SlackStandIn) -> None:
        self.bot_url, self.slack = bot_url.rstrip("/"), slack

    def install(self, team_id: str, user_id: str) -> Page:
        """Open the install page, approve the app in Slack as `user_id`, come back with the code."""
        approval = self.start()
        code = self.slack.authorize(
            team_id, user_id, approval.scopes, redirect_uri=approval.redirect_uri
        )
        return self.come_back(code=code, state=approval.state, cookie=approval.cookie)

    def start(self) -> Approval:
        """GET /slack/install: the page with its "Add to Slack" link (and a fresh state)."""
        page = self.get(INSTALL_PATH)
        if page.status != 200:
            raise AssertionError(f"the install page answered {page.status}: {page.words}")
        found = re.search(r'href="([^"]*oauth/v2/authorize[^"]*)"', page.text)
        if found is None:
            raise AssertionError(f"no Add to Slack link on the install page: {page.words}")
        query = parse_qs(urlparse(html.unescape(found.group(1))).query)
        cookie = page.headers.get("set-cookie", "").split(";", 1)[0] or None
        return Approval(
            state=query["state"][0],
            scopes=tuple(s for s in query.get("scope", [""])[0].split(",") if s),
            redirect_uri=query.get("redirect_uri", [None])[0],
            cookie=cookie,
        )

    def come_back(self, *, code: str, state: str, cookie: str | None) -> Page:
        """GET /slack/oauth_redirect?code&state, as Slack sends the admin back."""
        query = urlencode({"code": code, "state": state})
        return self.get(f"{REDIRECT_PATH}?{query}", cookie=cookie)

    def get(self, path: str, *, cookie: str | None = None) -> Page:
        """A plain GET with the browser's cookie; an error status is a page too."""
        request = urllib.request.Request(self.bot_url + path)
        if cookie:
            request.add_header("Cookie", cookie)
        opener = urllib.request.build_opener(_NoRedirects())
        try:
            with opener.open(request, timeout=10) as response:
                return Page(response.status, response.read().decode(), _lower(response.headers))
        except urllib.error.HTTPError as err:
            return Page(err.code, err.read().decode(), _lower(err.headers))


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Show a redirect as the page it is (the success page may send the admin to Slack)."""

    def redirect_request(self, *_: object, **__: object) -> None:
        return None


def _lower(headers: Message) -> dict[str, str]:
    return {name.lower(): value for name, value in headers.items()}
