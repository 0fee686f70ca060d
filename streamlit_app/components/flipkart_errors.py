"""Show a Seller API that does not respond in place, so the rest of the page still renders."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from ingestion.client import RetryBudgetExhausted

logger = logging.getLogger("streamlit_app")

ResultT = TypeVar("ResultT")


def show_unreachable(failed: str, error: RetryBudgetExhausted, account_id: str) -> None:
    """Log the error and show it under `failed`, a sentence such as "The queue was not read"."""
    logger.warning("%s for account %s: %s", failed, account_id, error)
    st.error(
        f"{failed}: {error} Settings, Accounts lists each account's environment.",
        icon=":material/cloud_off:",
    )


def call_flipkart(failed: str, account_id: str, call: Callable[[], ResultT]) -> ResultT | None:
    """Return `call()`, or show the error and return None when Flipkart does not respond."""
    try:
        return call()
    except RetryBudgetExhausted as error:
        show_unreachable(failed, error, account_id)
        return None
