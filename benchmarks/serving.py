"""`followthrough serve` as deployed, for benchmarks: started against the stand-in, and read
from /proc (its work process, memory and CPU)."""

from __future__ import annotations

import os
import subprocess
import sys

QUIET = {
    "FOLLOWTHROUGH_PACING": "off",  # the stand-in enforces no limits: the figures are the bot's
    "FOLLOWTHROUGH_LOG_LEVEL": "WARNING",
    "FOLLOWTHROUGH_HOLIDAY_COUNTRY": "none",
    "FOLLOWTHROUGH_WORKING_HOURS": "Mon-Sun 00:00-23:59",  # every nudge is due when swept
}


def start_serve(
    url: str, api_url: str, secret: str, token: str, **more: str
) -> tuple[subprocess.Popen[str], str]:
    """`serve` with a bot token on a free port (and `more` settings); it and its URL once up."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "FOLLOWTHROUGH_"))}
    env |= QUIET | more
    env |= {
        "SLACK_BOT_TOKEN": token,
        "SLACK_SIGNING_SECRET": secret,
        "SLACK_API_URL": api_url,
        "FOLLOWTHROUGH_DATABASE_URL": url,
    }
    script = os.path.join(os.path.dirname(sys.executable), "followthrough")
    serve = subprocess.Popen(
        [script, "serve", "--port", "0"], env=env, stdout=subprocess.PIPE, text=True
    )
    assert serve.stdout is not None
    return serve, serve.stdout.readline().split()[-1]


def children(pid: int) -> list[int]:
    """The processes `pid` started (serve's work process)."""
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as found:
            return [int(child) for child in found.read().split()]
    except OSError:
        return []


def status_mb(pid: int, field: str) -> float:
    """A memory figure of /proc/<pid>/status (VmRSS, VmHWM), in MB."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith(f"{field}:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return float("nan")


def cpu_seconds(pid: int) -> list[float]:
    """CPU seconds (user + system) used so far by `serve`'s ack process and its work process."""
    tick = os.sysconf("SC_CLK_TCK")

    def used(process: int) -> float:
        try:
            with open(f"/proc/{process}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / tick  # utime, stime

    return [used(pid), sum(used(child) for child in children(pid))]
