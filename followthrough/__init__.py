"""The composition root: settings → database → core → Slack app → workers and scheduler."""
