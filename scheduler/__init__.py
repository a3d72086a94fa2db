"""The nudge scheduler: ticks, sweeps and paced delivery. It times and delivers; no wording."""
