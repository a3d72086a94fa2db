"""Followthrough: the Slack-free core."""
