"""Simulated seller accounts: ids, OAuth app credentials, locations, GSTIN and address."""

import hashlib
import random
import string
from dataclasses import dataclass, field

from .geography import CITY_BY_NAME, SELLER_HUB_CITIES, STATES, City

_GSTIN_ALPHABET = string.digits + string.ascii_uppercase

_BUSINESS_NAMES = (
    "Shree Ganesh Traders",
    "Aarav Retail",
    "Nandini Fashions",
    "Sai Krishna Enterprises",
    "Mehta Lifestyle",
    "Kaveri Home Store",
    "Bharat Gadget Hub",
    "Lakshmi Textiles",
)

_STREETS = ("Ring Road", "Station Road", "MG Road", "Industrial Estate", "GIDC Phase 2")

SELLER_TIERS = ("GOLD", "SILVER", "PLATINUM", "BRONZE")


@dataclass(frozen=True)
class SellerAccount:
    """One simulated seller with its API app credentials."""

    seller_id: str
    name: str
    app_id: str
    app_secret: str
    location_ids: tuple[str, ...]
    gstin: str
    state_code: str
    state: str
    address: dict = field(hash=False)
    tier: str = "GOLD"
    location_cities: tuple[str, ...] = ()


def gstin_check_character(first_fourteen: str) -> str:
    """Compute the GSTIN check character (a base-36 Luhn variant over the first 14 characters)."""
    total = 0
    for position, character in enumerate(first_fourteen):
        value = _GSTIN_ALPHABET.index(character) * (2 if position % 2 else 1)
        total += value // 36 + value % 36
    return _GSTIN_ALPHABET[(36 - total % 36) % 36]


def _digest(seed: int, index: int, purpose: str) -> str:
    return hashlib.sha256(f"sellerops-sandbox:{seed}:{index}:{purpose}".encode()).hexdigest()


def _gstin(rng: random.Random, state_code: str, name: str) -> str:
    letters = "".join(rng.choice(string.ascii_uppercase) for _ in range(3))
    pan = letters + "F" + name[0].upper() + f"{rng.randrange(10000):04d}" + rng.choice("ABCDEFGH")
    first_fourteen = state_code + pan + "1Z"
    return first_fourteen + gstin_check_character(first_fourteen)


def build_seller(seed: int, index: int) -> SellerAccount:
    """Build seller number index from the seed alone, never from global random state."""
    rng = random.Random(_digest(seed, index, "profile"))
    name = _BUSINESS_NAMES[(index + rng.randrange(len(_BUSINESS_NAMES))) % len(_BUSINESS_NAMES)]
    if index >= len(_BUSINESS_NAMES):
        name = f"{name} {index + 1}"

    home = CITY_BY_NAME[SELLER_HUB_CITIES[(seed + index) % len(SELLER_HUB_CITIES)]]
    location_count = 2 if rng.random() < 0.6 else 1
    location_ids = tuple(
        "LOC" + _digest(seed, index, f"location-{n}")[:32] for n in range(location_count)
    )
    location_cities = tuple(_second_city(home) if n else home.name for n in range(location_count))

    state = STATES[home.state_code]
    address = {
        "sellerName": name,
        "pinCode": home.pincode,
        "city": home.name,
        "state": state.name,
        "stateCode": state.code,
        "addressLine1": f"Plot {rng.randint(1, 220)}, {rng.choice(_STREETS)}",
        "addressLine2": f"{home.name} {home.pincode}",
        "landmark": None,
    }

    return SellerAccount(
        seller_id=_digest(seed, index, "seller-id")[:16],
        name=name,
        app_id=_digest(seed, index, "app-id")[:36],
        app_secret=_digest(seed, index, "app-secret")[:32],
        location_ids=location_ids,
        gstin=_gstin(rng, home.state_code, name),
        state_code=state.code,
        state=state.name,
        address=address,
        tier=SELLER_TIERS[index % 2],
        location_cities=location_cities,
    )


def _second_city(home: City) -> str:
    """Pick a second warehouse city in the same state (the same city when the state has one)."""
    for name, city in CITY_BY_NAME.items():
        if city.state_code == home.state_code and name != home.name:
            return name
    return home.name
