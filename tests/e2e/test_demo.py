"""`followthrough demo` plays the whole loop offline and shows it as the recruiters saw it."""

from __future__ import annotations

import subprocess
import sysconfig
from pathlib import Path


def test_the_demo_shows_the_whole_loop(tmp_path: Path) -> None:
    script = str(Path(sysconfig.get_path("scripts")) / "followthrough")
    played = subprocess.run(
        [script, "demo"], capture_output=True, text=True, timeout=60, cwd=tmp_path, check=False
    )
    assert played.returncode == 0, played.stderr[-3000:]
    shown = played.stdout

    story = [
        "Erin sees (only to them):\n      Logged your call with @Dana Importer.",
        "Erin gets a DM:\n      👋 A partner is waiting on you.",
        "That keeps your promise F-1",
        "Dana gets a DM:\n      👋 2 partners are waiting on you.",
        "Erin gets a DM:\n      @Dana Importer needs more information about Jane Doe",
        "@Dana Importer asks: “What is her notice period?”",
        "Dana gets a DM:\n      @Erin Exporter sent the information you asked for about Jane Doe",
        "@Erin Exporter: “Four weeks, and she can interview any afternoon next week.”",
        "Erin gets a DM:\n      @Dana Importer replied about Jane Doe for JO-1 Senior Java "
        "Developer (Acme) (F-5): “Thanks, that works. Let's set up a call with her.”",
        "Dana sees (only to them):\n      Thanks — I've passed your words to @Erin Exporter.",
        "Erin gets a DM:\n      @Dana Importer is interested in Jane Doe",
        "Reminder 2 of 2 — last reminder",
        "No answer after 2 reminders, so I've stopped nudging:",
        "Dana Importer: 33% answered within the window (1 of 3)",
        "Dana gets a DM:\n      @Erin Exporter is waiting to hear back from you.\n"
        "      You owe @Erin Exporter: call back by Thu 26 Nov, 10:30 AM.",
        "Twilio: status callback: Dana's call to Erin, completed after 45 s",
        "Erin gets a DM:\n      📞 @Dana Importer called you back (F-6: call back): Twilio call "
        "of 45 s at 10:59.",
        "scheduler: Thu 10:35 UTC: F-6 was due, the sweep runs\n"
        "  (no reminder: F-6 is done, Twilio call of 45 s at 10:59)",
        "Oliver gets a DM from Other Firm's install:\n      @Erin Exporter submitted Wei Sun "
        "to you.\n      You owe @Erin Exporter: answer about Wei Sun by Mon 30 Nov, 9:00 AM.",
        "Erin gets a DM:\n      @Oliver Outsider is interested in Wei Sun (F-7).",
        "A split, from the terms to the partner's share.",
        "Accept them, in writing, before Ana Lima goes to them:",
        "✅ You accepted the terms",
        "Dana gets a DM:\n      @Erin Exporter submitted Ana Lima for JO-2 Platform Engineer",
        "@Dana Importer set up interview 1 with Ana Lima",
        "@Dana Importer gave feedback on Ana Lima for JO-2 Platform Engineer (F-10): “Sharp on "
        "Kubernetes; the CTO wants her”",
        "Recorded: Ana Lima accepted the offer.",
        "@Dana Importer reported the placement: P-1 · Ana Lima for JO-2 Platform Engineer · "
        "starts Mon 11 Jan 2027 · fee $30,000. Your share (50%): $15,000 once the client pays.",
        "your share, $15,000, is due to you by Thu 11 Feb, 10:00 AM EST (F-12).",
        "✅ @Erin Exporter received the share",
        "@Erin Exporter received their share (F-12",
    ]
    positions = [shown.index(moment) for moment in story]
    assert positions == sorted(positions)
    assert "Traceback" not in shown
    assert list(tmp_path.iterdir()) == []  # a temporary database, gone afterwards
