"""Indian states and union territories with GST state codes, sample cities, and shipping zones."""

import random
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate


@dataclass(frozen=True)
class State:
    """A state or union territory as GST numbers it."""

    code: str
    name: str
    region: str
    rto_offset: float  # added to the RTO log-odds of deliveries into this state


@dataclass(frozen=True)
class City:
    """A delivery city with one base pincode and its share of Flipkart orders (relative weight)."""

    name: str
    state_code: str
    pincode: str
    weight: float


# GST state codes. Code 25 (Daman and Diu) merged into 26 in 2020 and is no longer issued.
# The RTO offsets are sandbox assumptions shaped after published city and state RTO ranges.
STATES: dict[str, State] = {
    state.code: state
    for state in (
        State("01", "Jammu and Kashmir", "north", 0.30),
        State("02", "Himachal Pradesh", "north", 0.05),
        State("03", "Punjab", "north", 0.10),
        State("04", "Chandigarh", "north", -0.10),
        State("05", "Uttarakhand", "north", 0.10),
        State("06", "Haryana", "north", 0.15),
        State("07", "Delhi", "north", 0.10),
        State("08", "Rajasthan", "north", 0.25),
        State("09", "Uttar Pradesh", "north", 0.40),
        State("10", "Bihar", "east", 0.45),
        State("11", "Sikkim", "northeast", 0.20),
        State("12", "Arunachal Pradesh", "northeast", 0.35),
        State("13", "Nagaland", "northeast", 0.35),
        State("14", "Manipur", "northeast", 0.35),
        State("15", "Mizoram", "northeast", 0.30),
        State("16", "Tripura", "northeast", 0.30),
        State("17", "Meghalaya", "northeast", 0.30),
        State("18", "Assam", "northeast", 0.35),
        State("19", "West Bengal", "east", 0.20),
        State("20", "Jharkhand", "east", 0.40),
        State("21", "Odisha", "east", 0.20),
        State("22", "Chhattisgarh", "central", 0.25),
        State("23", "Madhya Pradesh", "central", 0.25),
        State("24", "Gujarat", "west", -0.05),
        State("26", "Dadra and Nagar Haveli and Daman and Diu", "west", 0.05),
        State("27", "Maharashtra", "west", 0.00),
        State("29", "Karnataka", "south", -0.30),
        State("30", "Goa", "west", -0.20),
        State("31", "Lakshadweep", "south", 0.20),
        State("32", "Kerala", "south", -0.40),
        State("33", "Tamil Nadu", "south", -0.30),
        State("34", "Puducherry", "south", -0.20),
        State("35", "Andaman and Nicobar Islands", "east", 0.30),
        State("36", "Telangana", "south", -0.15),
        State("37", "Andhra Pradesh", "south", -0.05),
        State("38", "Ladakh", "north", 0.30),
        State("97", "Other Territory", "north", 0.30),
    )
}

# Weights approximate each city's share of e-commerce orders and are sandbox assumptions.
CITIES: tuple[City, ...] = (
    City("New Delhi", "07", "110001", 6.0),
    City("Delhi", "07", "110085", 5.0),
    City("Mumbai", "27", "400001", 6.0),
    City("Pune", "27", "411001", 4.0),
    City("Nagpur", "27", "440001", 1.8),
    City("Nashik", "27", "422001", 1.0),
    City("Bengaluru", "29", "560001", 6.0),
    City("Mysuru", "29", "570001", 1.0),
    City("Hubballi", "29", "580020", 0.8),
    City("Chennai", "33", "600001", 4.0),
    City("Coimbatore", "33", "641001", 1.8),
    City("Madurai", "33", "625001", 1.0),
    City("Tiruppur", "33", "641601", 0.6),
    City("Hyderabad", "36", "500001", 5.0),
    City("Warangal", "36", "506002", 0.8),
    City("Kolkata", "19", "700001", 4.0),
    City("Siliguri", "19", "734001", 1.0),
    City("Durgapur", "19", "713201", 0.7),
    City("Ahmedabad", "24", "380001", 3.0),
    City("Surat", "24", "395003", 2.2),
    City("Vadodara", "24", "390001", 1.2),
    City("Rajkot", "24", "360001", 1.0),
    City("Jaipur", "08", "302001", 2.5),
    City("Jodhpur", "08", "342001", 1.0),
    City("Udaipur", "08", "313001", 0.7),
    City("Lucknow", "09", "226001", 2.5),
    City("Kanpur", "09", "208001", 1.5),
    City("Varanasi", "09", "221001", 1.0),
    City("Noida", "09", "201301", 2.0),
    City("Agra", "09", "282001", 1.0),
    City("Gorakhpur", "09", "273001", 1.0),
    City("Patna", "10", "800001", 2.0),
    City("Gaya", "10", "823001", 0.8),
    City("Muzaffarpur", "10", "842001", 0.8),
    City("Ranchi", "20", "834001", 1.0),
    City("Jamshedpur", "20", "831001", 0.9),
    City("Bhubaneswar", "21", "751001", 1.2),
    City("Cuttack", "21", "753001", 0.6),
    City("Raipur", "22", "492001", 1.0),
    City("Bhopal", "23", "462001", 1.2),
    City("Indore", "23", "452001", 1.5),
    City("Jabalpur", "23", "482001", 0.7),
    City("Guwahati", "18", "781001", 1.5),
    City("Kochi", "32", "682001", 1.2),
    City("Thiruvananthapuram", "32", "695001", 1.0),
    City("Kozhikode", "32", "673001", 0.8),
    City("Visakhapatnam", "37", "530001", 1.2),
    City("Vijayawada", "37", "520001", 1.0),
    City("Gurugram", "06", "122001", 2.0),
    City("Faridabad", "06", "121001", 1.0),
    City("Ludhiana", "03", "141001", 1.2),
    City("Amritsar", "03", "143001", 0.8),
    City("Chandigarh", "04", "160017", 1.0),
    City("Dehradun", "05", "248001", 0.8),
    City("Shimla", "02", "171001", 0.3),
    City("Srinagar", "01", "190001", 0.4),
    City("Jammu", "01", "180001", 0.5),
    City("Panaji", "30", "403001", 0.4),
    City("Imphal", "14", "795001", 0.3),
    City("Agartala", "16", "799001", 0.3),
    City("Shillong", "17", "793001", 0.3),
    City("Aizawl", "15", "796001", 0.15),
    City("Kohima", "13", "797001", 0.15),
    City("Itanagar", "12", "791111", 0.15),
    City("Gangtok", "11", "737101", 0.15),
    City("Puducherry", "34", "605001", 0.3),
    City("Port Blair", "35", "744101", 0.1),
    City("Leh", "38", "194101", 0.05),
    City("Silvassa", "26", "396230", 0.1),
)

# Cities where the simulated sellers keep their warehouses.
SELLER_HUB_CITIES = ("Surat", "Jaipur", "Ludhiana", "Tiruppur", "Delhi", "Bengaluru", "Kolkata")

CITY_BY_NAME: dict[str, City] = {city.name: city for city in CITIES}

_CUMULATIVE_WEIGHTS = list(accumulate(city.weight for city in CITIES))


def draw_city(rng: random.Random) -> City:
    """Draw a delivery city with probability proportional to its weight."""
    point = rng.random() * _CUMULATIVE_WEIGHTS[-1]
    return CITIES[bisect_right(_CUMULATIVE_WEIGHTS, point)]


def draw_pincode(rng: random.Random, city: City) -> str:
    """Draw a pincode of the city's delivery area: its base pincode with another last digit."""
    return city.pincode[:5] + str(rng.randrange(1, 10))


def zone_between(origin: City, destination: City) -> str:
    """Return the shipping zone: local (same city), zonal (same region) or national."""
    if origin.name == destination.name:
        return "local"
    if STATES[origin.state_code].region == STATES[destination.state_code].region:
        return "zonal"
    return "national"
