"""Geofence: how far a point is from an office, and which office it is in."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

EARTH_RADIUS_M = 6_371_008.8  # mean radius (IUGG)


class Place(Protocol):
    latitude: float
    longitude: float
    radius_m: float


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


P = TypeVar("P", bound=Place)


@dataclass(frozen=True)
class GeofenceResult(Generic[P]):
    place: P  # the office inside whose radius the point lies, else the nearest one
    distance_m: float
    inside: bool


def locate(latitude: float, longitude: float, places: Iterable[P]) -> GeofenceResult[P]:
    """The office that contains the point (the closest if several do), else the
    nearest office by distance beyond its radius."""
    best: GeofenceResult[P] | None = None
    for place in places:
        distance = haversine_m(latitude, longitude, place.latitude, place.longitude)
        result = GeofenceResult(place, distance, distance <= place.radius_m)
        if best is None or _better(result, best):
            best = result
    if best is None:
        raise ValueError("no office to check against")
    return best


def _better(a: GeofenceResult[P], b: GeofenceResult[P]) -> bool:
    if a.inside != b.inside:
        return a.inside
    if a.inside:
        return a.distance_m < b.distance_m
    return a.distance_m - a.place.radius_m < b.distance_m - b.place.radius_m
