"""Driver: plays Slack's side toward an app — slash commands, clicks, modals, shortcuts, events."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sandbox import payloads
from sandbox.driver_base import JSON, InteractionFailed
from sandbox.driver_events import EventsDriver, Posted
from sandbox.errors import DriverError
from sandbox.locate import Found, button_labelled, element_with_action_id, find
from sandbox.model import ViewRecord
from sandbox.responder import apply_ack_body
from sandbox.state import ResponseUrl
from sandbox.suggestions import EXTERNAL_SELECTS, min_query_length, offered_options
from sandbox.transport import DriverResponse
from sandbox.viewflow import apply_submission_answer, close_modal
from sandbox.viewstate import element_state, state_values
from sandbox.visible import iter_elements

__all__ = ["Driver", "DriverResponse", "InteractionFailed", "Posted"]


class Driver(EventsDriver):
    """Sends an app what Slack sends when people use it, and applies Slack's reaction to acks."""

    def _ack(self, response: DriverResponse, user_id: str, channel: str) -> DriverResponse:
        problems: list[str] = []
        if response.status == 200:
            target = ResponseUrl("ack", self.team_id, user_id, channel, self._now())
            problem = apply_ack_body(self.state, target, response.content_type, response.body)
            problems.extend([problem] if problem else [])
        return self._finish(response, problems)

    def slash_command(
        self, user_id: str, command: str, text: str = "", *, channel: str | None = None
    ) -> DriverResponse:
        """A member runs a slash command (in their bot DM unless `channel` is given)."""
        self._member(user_id)
        with self.state.lock:
            ws = self.workspace
            channel = channel or ws.dm_channel(user_id)
            if user_id not in ws.channel_members(ws.resolve_channel(channel)):
                raise DriverError(f"{user_id} cannot type in {channel}")
            urls = {
                "trigger_id": self.state.issue_trigger(ws.id, user_id),
                "response_url": self.state.issue_response_url(ws.id, user_id, channel),
            }
            form = payloads.slash_command(
                ws, self.slack.seed, user_id, command, text, channel, **urls
            )
        return self._ack(self._send_form(self.commands_url, form), user_id, channel)

    def click_button(
        self, user_id: str, label: str, *, where: str | None = None, ts: str | None = None
    ) -> DriverResponse:
        """Click the newest visible button with this label (where: modal/dm/ephemeral/home/C…)."""
        self._person(user_id)
        with self.state.lock:
            found = find(
                self.workspace,
                user_id,
                button_labelled(label),
                f'button "{label}"',
                where=where,
                ts=ts,
            )
        return self._act(user_id, found, None)

    def choose(
        self,
        user_id: str,
        action_id: str,
        value: Any,
        *,
        where: str | None = None,
        ts: str | None = None,
    ) -> DriverResponse:
        """Pick a value in a menu, date picker, radio group... found by action_id."""
        self._person(user_id)
        with self.state.lock:
            match = element_with_action_id(action_id)
            found = find(self.workspace, user_id, match, f"element {action_id}", where=where, ts=ts)
        if found.element.get("type") == "button":
            raise DriverError(f"{action_id} is a button: use click_button")
        if found.block.get("type") == "input" and not found.block.get("dispatch_action"):
            raise DriverError(
                f"{action_id} is in an input block without dispatch_action: Slack sends no "
                "block_actions for it; use enter() to fill it in"
            )
        return self._act(user_id, found, value)

    def enter(
        self,
        user_id: str,
        values: Mapping[str, Mapping[str, Any]],
        *,
        view_id: str | None = None,
    ) -> None:
        """Fill in inputs of the member's top modal without submitting it; values are
        {block_id: {action_id: value}}. Slack tells the app nothing until the form is submitted
        (or an external select asks for options, with the state so far)."""
        self._person(user_id)
        with self.state.lock:
            record = self._modal(user_id, view_id)
            record.state_values = state_values(
                self.workspace,
                record.blocks,
                values,
                record.state_values,
                strict=False,
                offered=record.offered,
            )

    def _act(self, user_id: str, found: Found, value: Any) -> DriverResponse:
        with self.state.lock:
            payload, channel = self._block_actions(user_id, found, value)
        response = self._send_payload(payload)
        if channel is None:
            return self._finish(response)
        return self._ack(response, user_id, channel)

    def _action(self, found: Found, value: Any) -> JSON:
        element = found.element
        action: JSON = {"action_id": element["action_id"], "block_id": found.block["block_id"]}
        if element["type"] == "button":
            action.update(type="button", text=element["text"])
            action.update({k: element[k] for k in ("value", "style", "url") if k in element})
        else:
            view, key = found.surface.view, (found.block["block_id"], element["action_id"])
            offered = view.offered.get(key) if view is not None else None
            action.update(element_state(self.workspace, element, value, offered))
        action["action_ts"] = self._ts()
        return action

    def _block_actions(self, user_id: str, found: Found, value: Any) -> tuple[JSON, str | None]:
        action = self._action(found, value)
        trigger_id = self.state.issue_trigger(self.team_id, user_id)
        if found.surface.view is not None:
            container, extra = self._in_view(found.surface.view, action, value)
            return self._payload(user_id, container, action, trigger_id, extra), None
        container, extra = self._in_message(user_id, found)
        channel = str(found.surface.channel)
        return self._payload(user_id, container, action, trigger_id, extra), channel

    def _in_view(self, view: ViewRecord, action: JSON, value: Any) -> tuple[JSON, JSON]:
        if value is not None:
            skip = {"action_id", "block_id", "action_ts"}
            entry = {k: v for k, v in action.items() if k not in skip}
            view.state_values.setdefault(action["block_id"], {})[action["action_id"]] = entry
        view.state_values = state_values(
            self.workspace, view.blocks, {}, view.state_values, strict=False
        )
        extra = {"view": view.to_json(), "state": {"values": view.state_values}}
        return {"type": "view", "view_id": view.id}, extra

    def _in_message(self, user_id: str, found: Found) -> tuple[JSON, JSON]:
        ws, surface = self.workspace, found.surface
        channel = str(surface.channel)
        shown = surface.message or surface.ephemeral
        assert shown is not None
        ephemeral = surface.ephemeral is not None
        container: JSON = {
            "type": "message",
            "message_ts": shown.ts,
            "channel_id": channel,
            "is_ephemeral": ephemeral,
        }
        origin = (channel, shown.ts, ephemeral)
        extra: JSON = {
            "channel": {"id": channel, "name": ws.channel_name(channel)},
            "response_url": self.state.issue_response_url(ws.id, user_id, channel, origin),
            "state": {"values": state_values(ws, surface.blocks, {}, {}, strict=False)},
        }
        if surface.message is not None:
            extra["message"] = surface.message.to_json()
            if surface.message.thread_ts:
                container["thread_ts"] = surface.message.thread_ts
        return container, extra

    def _payload(
        self, user_id: str, container: JSON, action: JSON, trigger_id: str, extra: JSON
    ) -> JSON:
        return payloads.block_actions(
            self.workspace,
            self.slack.seed,
            user_id,
            container=container,
            actions=[action],
            trigger_id=trigger_id,
            extra=extra,
        )

    def _modal(self, user_id: str, view_id: str | None) -> ViewRecord:
        stack = self.workspace.modal_stacks.get(user_id, [])
        if not stack:
            raise DriverError(f"{user_id} has no modal open")
        chosen = view_id or stack[-1]
        if chosen not in stack:
            raise DriverError(f"view {chosen} is not open for {user_id}")
        return self.workspace.views[chosen]

    def submit_view(
        self,
        user_id: str,
        values: Mapping[str, Mapping[str, Any]] | None = None,
        *,
        view_id: str | None = None,
    ) -> DriverResponse:
        """Fill in and submit the member's top modal; values are {block_id: {action_id: value}}."""
        self._person(user_id)
        with self.state.lock:
            record = self._modal(user_id, view_id)
            if "submit" not in record.definition:
                raise DriverError(f"modal {record.id} has no submit button")
            record.state_values = state_values(
                self.workspace,
                record.blocks,
                values or {},
                record.state_values,
                offered=record.offered,
            )
            record.errors = {}
            trigger_id = self.state.issue_trigger(self.team_id, user_id)
            payload = payloads.view_submission(
                self.workspace, self.slack.seed, user_id, record.to_json(), trigger_id
            )
        response = self._send_payload(payload)
        problems = apply_submission_answer(
            self.state, self.workspace, user_id, record.id, response, self.ack_deadline
        )
        return self._finish(response, problems)

    def suggest(
        self, user_id: str, action_id: str, typed: str = "", *, view_id: str | None = None
    ) -> list[JSON]:
        """Type into an external select of the member's top modal: Slack asks the app for the
        options (block_suggestion) and the member may then pick one of them."""
        self._person(user_id)
        with self.state.lock:
            record = self._modal(user_id, view_id)
            block, element = self._external_select(record, action_id)
            least = min_query_length(element)
            if len(typed) < least:
                raise DriverError(
                    f"{action_id}: Slack asks for options only once {least} characters are typed"
                )
            key = (str(block["block_id"]), action_id)
            payload = payloads.block_suggestion(
                self.workspace,
                self.slack.seed,
                user_id,
                view=record.to_json(),
                block_id=key[0],
                action_id=action_id,
                value=typed,
            )
        response = self._send_payload(payload)
        options, problems = offered_options(response)
        with self.state.lock:
            record.offered[key] = options
        self._finish(response, problems)
        return options

    @staticmethod
    def _external_select(record: ViewRecord, action_id: str) -> tuple[JSON, JSON]:
        for block, element in iter_elements(record.blocks):
            if element.get("action_id") == action_id and element.get("type") in EXTERNAL_SELECTS:
                return block, element
        raise DriverError(f"modal {record.id} has no external select {action_id}")

    def close_view(self, user_id: str, *, view_id: str | None = None) -> DriverResponse | None:
        """Close the member's top modal; view_closed is sent only if notify_on_close is set."""
        self._person(user_id)
        with self.state.lock:
            record = self._modal(user_id, view_id)
            clear = bool(record.definition.get("clear_on_close"))
            close_modal(self.workspace, user_id, record.id, clear=clear)
            if not record.definition.get("notify_on_close"):
                return None
            payload = payloads.view_closed(
                self.workspace, self.slack.seed, user_id, record.to_json(), clear
            )
        return self._finish(self._send_payload(payload))

    def message_shortcut(
        self, user_id: str, callback_id: str, channel: str, ts: str
    ) -> DriverResponse:
        """A member runs a message shortcut on the message at (channel, ts)."""
        self._person(user_id)
        with self.state.lock:
            ws = self.workspace
            channel = ws.resolve_channel(channel, user_ids=True)
            if user_id not in ws.channel_members(channel):
                raise DriverError(f"{user_id} cannot see {channel}")
            message = ws.find_message(channel, ts).to_json()
            urls = {
                "trigger_id": self.state.issue_trigger(ws.id, user_id),
                "response_url": self.state.issue_response_url(ws.id, user_id, channel),
            }
            payload = payloads.message_action(
                ws,
                self.slack.seed,
                user_id,
                callback_id=callback_id,
                channel=channel,
                message=message,
                urls=urls,
                action_ts=self._ts(),
            )
        return self._ack(self._send_payload(payload), user_id, channel)
