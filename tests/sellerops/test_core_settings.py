from datetime import timedelta
from pathlib import Path

import pytest

from sellerops.errors import ConfigurationError
from sellerops.settings import Settings


def test_defaults():
    settings = Settings.from_environment({})
    assert settings.resolved_database_url == "sqlite:///data/sellerops.db"
    assert settings.resolved_key_file == Path("data/secret.key")
    assert (settings.max_failed_logins, settings.lockout) == (5, timedelta(minutes=15))


def test_environment_overrides():
    settings = Settings.from_environment(
        {
            "SELLEROPS_DATA_DIR": "/srv/ops",
            "SELLEROPS_LOGIN_MAX_FAILURES": "3",
            "SELLEROPS_LOGIN_LOCKOUT_MINUTES": "30",
            "SELLEROPS_ARGON2_MEMORY_KIB": "2048",
        }
    )
    assert settings.resolved_database_url == "sqlite:////srv/ops/sellerops.db"
    assert (settings.max_failed_logins, settings.lockout) == (3, timedelta(minutes=30))
    assert settings.password_hashing.memory_cost_kib == 2048


def test_bad_number_message():
    with pytest.raises(ConfigurationError) as caught:
        Settings.from_environment({"SELLEROPS_LOGIN_MAX_FAILURES": "five"})
    assert str(caught.value) == (
        "SELLEROPS_LOGIN_MAX_FAILURES='five' is not a positive whole number; set it to e.g. 5."
    )


def test_secret_key_not_in_repr():
    assert "k3y" not in repr(Settings(secret_key="k3y"))
