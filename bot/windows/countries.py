"""The country a timezone belongs to, from the IANA tables shipped in the tzdata package.

zone.tab names one country per zone; zone1970.tab may list several for a zone shared since 1970
(Europe/Berlin: DE,DK,NO,SE,SJ), so zone.tab's country wins and zone1970.tab only fills gaps.
Old names (Asia/Calcutta, US/Eastern) are followed through the links in tzdata.zi.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

_TABLES = ("zone1970.tab", "zone.tab")  # later tables overwrite earlier ones
_MAX_LINKS = 4


def zone_country(timezone: str) -> str | None:
    """The two-letter country of an IANA timezone, or None for zones of no country (UTC, Etc/…)."""
    countries, links = _countries(), _links()
    name = timezone
    for _ in range(_MAX_LINKS):
        if name in countries:
            return countries[name]
        if name not in links:
            return None
        name = links[name]
    return None


@cache
def _countries() -> dict[str, str]:
    countries: dict[str, str] = {}
    for table in _TABLES:
        for line in _read(table):
            if line.startswith("#") or not line.strip():
                continue
            codes, _coordinates, name, *_comment = line.split("\t")
            countries[name] = codes.split(",")[0]
    return countries


@cache
def _links() -> dict[str, str]:
    """Alias → target, from the "L target alias" lines of tzdata.zi."""
    links: dict[str, str] = {}
    for line in _read("tzdata.zi"):
        if line.startswith("L "):
            _kind, target, alias = line.split()
            links[alias] = target
    return links


def _read(name: str) -> list[str]:
    return resources.files("tzdata").joinpath("zoneinfo", name).read_text("utf-8").splitlines()
