"""Product categories of the simulated catalogues: HSN codes, GST rules, price and risk profiles."""

from dataclasses import dataclass

# GST rule used for textiles and footwear since 22 Sep 2025: 5 % when the selling price per
# piece is at most Rs 2,500, 18 % above it. Every other kind has one flat rate.
PRICE_SPLIT_RULE = "price_split_2500"
PRICE_SPLIT_LIMIT = 2500
PRICE_SPLIT_LOW_RATE = 5
PRICE_SPLIT_HIGH_RATE = 18


@dataclass(frozen=True)
class ProductKind:
    """One kind of product a seller lists, with the facts every SKU of that kind shares."""

    code: str  # three letters, used in SKUs and FSNs
    noun: str
    hsn: str
    gst_rule: str  # PRICE_SPLIT_RULE or "flat"
    gst_rate: int  # percent, used when gst_rule is "flat"
    price_range: tuple[int, int]  # selling price in rupees
    weight_range: tuple[int, int]  # dead weight in grams
    size_cm: tuple[int, int, int]  # typical packed length, breadth, height
    variants: tuple[str, ...]


@dataclass(frozen=True)
class Category:
    """A catalogue category with its risk profile."""

    key: str
    brands: tuple[str, ...]
    rto_offset: float  # the category's base RTO propensity, added to the RTO log-odds
    return_rate: float  # customer-return probability of a delivered item at Rs 500
    return_reasons: tuple[tuple[str, str], ...]
    kinds: tuple[ProductKind, ...]


_SIZES = ("S", "M", "L", "XL")
_COLOURS = ("Black", "Navy", "Maroon", "Olive", "White", "Mustard")
_SHOE_SIZES = ("UK6", "UK7", "UK8", "UK9", "UK10")

# Each ProductKind row: code, noun, HSN, GST rule, flat GST %, selling price range (Rs),
# dead weight range (g), packed size (cm), variants.
# NOTE: the GST rates follow public summaries of the schedule in force from 22 Sep 2025 and were
# not checked against the notification itself.
# fmt: off
CATEGORIES: tuple[Category, ...] = (
    Category(
        key="apparel",
        brands=("Urbanfit", "Kalakriti", "Desi Threads"),
        rto_offset=0.30,
        return_rate=0.12,
        return_reasons=(
            ("SIZE_ISSUE", "SIZE_TOO_SMALL"),
            ("SIZE_ISSUE", "SIZE_TOO_LARGE"),
            ("QUALITY_ISSUE", "POOR_FABRIC_QUALITY"),
            ("NOT_AS_DESCRIBED", "COLOR_MISMATCH"),
        ),
        kinds=(
            ProductKind("TSH", "Cotton T-Shirt", "6109", PRICE_SPLIT_RULE, 0,
                        (199, 799), (150, 300), (28, 22, 3), _SIZES),
            ProductKind("KRT", "Printed Kurta", "6211", PRICE_SPLIT_RULE, 0,
                        (399, 1499), (200, 400), (32, 25, 4), _SIZES),
            ProductKind("JNS", "Slim Fit Jeans", "6203", PRICE_SPLIT_RULE, 0,
                        (599, 1999), (450, 700), (32, 26, 5), ("30", "32", "34", "36")),
            ProductKind("JKT", "Quilted Jacket", "6201", PRICE_SPLIT_RULE, 0,
                        (1799, 4499), (700, 1200), (40, 32, 10), _SIZES),
            ProductKind("SAR", "Silk Blend Saree", "5407", "flat", 5,
                        (499, 2999), (400, 800), (35, 28, 5), _COLOURS),
        ),
    ),
    Category(
        key="footwear",
        brands=("StepUp", "Trailpace"),
        rto_offset=0.20,
        return_rate=0.10,
        return_reasons=(
            ("SIZE_ISSUE", "SIZE_TOO_SMALL"),
            ("QUALITY_ISSUE", "SOLE_DAMAGED"),
            ("NOT_AS_DESCRIBED", "COLOR_MISMATCH"),
        ),
        kinds=(
            ProductKind("SNK", "Running Sneakers", "6404", PRICE_SPLIT_RULE, 0,
                        (599, 2999), (600, 900), (33, 22, 12), _SHOE_SIZES),
            ProductKind("SDL", "Casual Sandals", "6402", PRICE_SPLIT_RULE, 0,
                        (249, 999), (350, 600), (30, 18, 10), _SHOE_SIZES),
            ProductKind("FRM", "Leather Formal Shoes", "6403", PRICE_SPLIT_RULE, 0,
                        (1299, 3999), (800, 1200), (33, 22, 12), _SHOE_SIZES),
        ),
    ),
    Category(
        key="electronics_accessories",
        brands=("VoltEdge", "Sonique"),
        rto_offset=0.05,
        return_rate=0.06,
        return_reasons=(
            ("DEFECTIVE_PRODUCT", "NOT_WORKING"),
            ("DAMAGED_PRODUCT", "PHYSICALLY_DAMAGED"),
            ("MISSING_ITEM", "MISSING_ACCESSORY"),
        ),
        kinds=(
            ProductKind("CHG", "20W Fast Charger", "8504", "flat", 18,
                        (299, 1199), (100, 200), (12, 8, 5), ("Type-C", "Micro-USB")),
            ProductKind("EAR", "Wireless Earbuds", "8518", "flat", 18,
                        (699, 2999), (80, 150), (12, 10, 5), ("Black", "White")),
            ProductKind("CBL", "Braided USB Cable", "8544", "flat", 18,
                        (149, 499), (40, 90), (15, 10, 3), ("1m", "2m")),
            ProductKind("CSE", "Shockproof Phone Case", "3926", "flat", 18,
                        (149, 599), (40, 80), (18, 10, 3), ("Clear", "Black", "Blue")),
            ProductKind("PWB", "10000mAh Power Bank", "8507", "flat", 18,
                        (799, 1999), (220, 320), (15, 8, 3), ("Black", "White")),
        ),
    ),
    Category(
        key="home_kitchen",
        brands=("Rasoi Pro", "Griha"),
        rto_offset=0.00,
        return_rate=0.04,
        return_reasons=(
            ("DAMAGED_PRODUCT", "DENTED_ON_ARRIVAL"),
            ("QUALITY_ISSUE", "POOR_QUALITY"),
            ("WRONG_PRODUCT", "DIFFERENT_PRODUCT"),
        ),
        kinds=(
            ProductKind("BTL", "Steel Water Bottle", "7323", "flat", 5,
                        (249, 799), (300, 500), (28, 9, 9), ("750ml", "1L")),
            ProductKind("CKW", "Stainless Steel Cookware Set", "7323", "flat", 5,
                        (1499, 4999), (2200, 4500), (40, 30, 20), ("3pc", "5pc")),
            ProductKind("BSH", "Cotton Double Bedsheet", "6302", PRICE_SPLIT_RULE, 0,
                        (399, 1799), (600, 1100), (35, 28, 6), _COLOURS),
            ProductKind("LMP", "LED Table Lamp", "9405", "flat", 18,
                        (499, 1999), (500, 1200), (30, 20, 20), ("Warm", "Cool")),
        ),
    ),
    Category(
        key="beauty",
        brands=("GlowVeda", "Kesar Care"),
        rto_offset=-0.10,
        return_rate=0.03,
        return_reasons=(
            ("DAMAGED_PRODUCT", "LEAKED_IN_TRANSIT"),
            ("WRONG_PRODUCT", "DIFFERENT_SHADE"),
        ),
        kinds=(
            ProductKind("FCR", "Vitamin C Face Cream", "3304", "flat", 18,
                        (199, 899), (80, 150), (10, 6, 6), ("50g", "100g")),
            ProductKind("SHM", "Herbal Shampoo", "3305", "flat", 5,
                        (149, 599), (200, 450), (20, 8, 6), ("200ml", "400ml")),
            ProductKind("LIP", "Matte Lipstick", "3304", "flat", 18,
                        (149, 599), (20, 40), (10, 3, 3), ("Red", "Nude", "Berry")),
            ProductKind("PRF", "Eau de Parfum", "3303", "flat", 18,
                        (399, 1999), (200, 350), (14, 8, 8), ("50ml", "100ml")),
        ),
    ),
    Category(
        key="toys",
        brands=("PlayNest", "Khel Khilona"),
        rto_offset=0.05,
        return_rate=0.04,
        return_reasons=(
            ("DAMAGED_PRODUCT", "BROKEN_PARTS"),
            ("MISSING_ITEM", "MISSING_PARTS"),
        ),
        kinds=(
            ProductKind("BLK", "Building Blocks Set", "9503", "flat", 5,
                        (299, 1499), (300, 900), (30, 25, 8), ("100pc", "250pc")),
            ProductKind("BRD", "Family Board Game", "9504", "flat", 5,
                        (249, 999), (400, 800), (30, 30, 6), ("Classic", "Deluxe")),
            ProductKind("SFT", "Plush Soft Toy", "9503", "flat", 5,
                        (199, 899), (150, 400), (30, 20, 15), ("Teddy", "Unicorn", "Panda")),
        ),
    ),
    Category(
        key="books",
        brands=("Pustak Ghar", "Vidya Press"),
        rto_offset=-0.30,
        return_rate=0.01,
        return_reasons=(
            ("DAMAGED_PRODUCT", "TORN_PAGES"),
            ("WRONG_PRODUCT", "DIFFERENT_EDITION"),
        ),
        kinds=(
            ProductKind("NOV", "Paperback Novel", "4901", "flat", 0,
                        (149, 499), (250, 450), (22, 15, 3), ("English", "Hindi")),
            ProductKind("EXM", "Competitive Exam Guide", "4901", "flat", 0,
                        (299, 899), (600, 1100), (28, 21, 4), ("2026", "2027")),
        ),
    ),
)
# fmt: on

CATEGORY_BY_KEY: dict[str, Category] = {category.key: category for category in CATEGORIES}


def gst_rate(kind: ProductKind, unit_price: float) -> int:
    """Return the GST rate in percent for one unit of a kind sold at unit_price rupees."""
    if kind.gst_rule == PRICE_SPLIT_RULE:
        if unit_price <= PRICE_SPLIT_LIMIT:
            return PRICE_SPLIT_LOW_RATE
        return PRICE_SPLIT_HIGH_RATE
    return kind.gst_rate


def tax_code(kind: ProductKind) -> str:
    """Return the listing `tax_code` Flipkart uses for the kind's GST rule."""
    if kind.gst_rule == PRICE_SPLIT_RULE:
        if kind.hsn.startswith("64"):
            return "GST_Footwear"
        return "GST_APPAREL"
    return f"GST_{kind.gst_rate}"
