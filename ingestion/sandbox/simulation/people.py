"""Buyer names, addresses and phone numbers, drawn lazily from each order's own seed."""

import random

from .geography import STATES, City

FIRST_NAMES = (
    "Aarav",
    "Vivaan",
    "Aditya",
    "Rohan",
    "Arjun",
    "Sai",
    "Karthik",
    "Rahul",
    "Imran",
    "Harpreet",
    "Ananya",
    "Diya",
    "Priya",
    "Sneha",
    "Kavya",
    "Lakshmi",
    "Fatima",
    "Pooja",
    "Meera",
    "Nisha",
)
LAST_NAMES = (
    "Sharma",
    "Verma",
    "Patel",
    "Reddy",
    "Iyer",
    "Nair",
    "Singh",
    "Khan",
    "Das",
    "Banerjee",
    "Gupta",
    "Yadav",
    "Joshi",
    "Kulkarni",
    "Menon",
    "Chauhan",
    "Mishra",
    "Pillai",
    "Shaikh",
    "Bose",
)
# Some buyers type their name in Devanagari.
DEVANAGARI_FIRST = ("राहुल", "प्रिया", "अमित", "सुनीता", "विकास", "अंजलि")
DEVANAGARI_LAST = ("शर्मा", "वर्मा", "यादव", "सिंह", "गुप्ता", "मिश्रा")
DEVANAGARI_SHARE = 0.08

STREETS = (
    "Gandhi Nagar",
    "Shastri Nagar",
    "Nehru Road",
    "Station Road",
    "Civil Lines",
    "Sector 12",
    "Anna Salai",
    "MG Road",
    "Park Street",
    "Laxmi Nagar",
    "Rajaji Nagar",
    "Model Town",
)
LANDMARKS = (
    "Near Hanuman Mandir",
    "Opposite SBI Bank",
    "Behind Bus Stand",
    "Near Government School",
    "Next to Apollo Pharmacy",
    None,
    None,
)


def buyer_address(seed: str, city: City, pincode: str) -> dict:
    """Return a deliveryAddress-shaped dict for the order whose buyer seed is given."""
    rng = random.Random(seed)
    if rng.random() < DEVANAGARI_SHARE:
        first_name, last_name = rng.choice(DEVANAGARI_FIRST), rng.choice(DEVANAGARI_LAST)
    else:
        first_name, last_name = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    state = STATES[city.state_code]
    return {
        "firstName": first_name,
        "lastName": last_name,
        "pinCode": pincode,
        "city": city.name,
        "state": state.name,
        "stateCode": state.code,
        "addressLine1": f"{rng.randint(1, 999)}, {rng.choice(STREETS)}",
        "addressLine2": f"Ward {rng.randint(1, 60)}, {city.name}",
        "landmark": rng.choice(LANDMARKS),
        "contactNumber": str(rng.choice("6789")) + f"{rng.randrange(10**9):09d}",
    }
