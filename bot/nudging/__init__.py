"""Deciding who gets nudged, when, and recording every DM exactly once (Slack-free)."""
