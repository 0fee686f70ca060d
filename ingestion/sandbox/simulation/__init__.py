"""A seeded simulation of Flipkart sellers behind the sandbox Seller API server."""

from .accounts import SellerAccount
from .config import Range, SimConfig
from .marketplace import Marketplace

__all__ = ["Marketplace", "Range", "SellerAccount", "SimConfig"]
