"""Process-wide resources of the dashboard: the operational store, opened once per settings."""

from __future__ import annotations

# Streamlit converts every table through pandas and imports it on the first st.dataframe.
# Importing it with the app moves that second or two from the first page to the start.
import pandas  # noqa: F401
import streamlit as st

from sellerops.settings import Settings
from sellerops.store import Store


def dashboard_settings() -> Settings:
    """Return the settings from the `SELLEROPS_*` environment variables."""
    return Settings.from_environment()


def open_store(settings: Settings) -> Store:
    """Return the store for `settings`, shared by every browser session of this process."""
    return _cached_store(hash(settings), settings)


@st.cache_resource(show_spinner=False)
def _cached_store(settings_hash: int, _settings: Settings) -> Store:
    # The key file must already exist: the dashboard never creates a new key, because data
    # encrypted under another key would become unreadable.
    return Store.open(_settings, create_key=False)
