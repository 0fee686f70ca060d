import pytest

from sellerops.db import make_engine, masked_url, parse_database_url
from sellerops.errors import ConfigurationError


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("postgres://u@h/db", "postgresql+psycopg"),
        ("postgresql://u@h/db", "postgresql+psycopg"),
        ("postgresql+psycopg://u@h:5432/db", "postgresql+psycopg"),
        ("sqlite:///data/sellerops.db", "sqlite"),
    ],
)
def test_url_driver_normalized(raw, expected):
    assert parse_database_url(raw).drivername == expected


@pytest.mark.parametrize(
    ("raw", "named"),
    [
        ("postgres//bad", "malformed"),
        ("not a url", "malformed"),
        ("mysql://root@localhost/db", "unsupported driver 'mysql'"),
        ("sqlite://", "names no SQLite file"),
        ("postgresql+psycopg://u@h", "names no database"),
    ],
)
def test_url_malformed_message(raw, named):
    with pytest.raises(ConfigurationError) as caught:
        parse_database_url(raw)
    message = str(caught.value)
    assert named in message
    assert "\n" not in message
    assert "postgresql+psycopg://" in message


def test_url_password_masked():
    with pytest.raises(ConfigurationError) as caught:
        make_engine("mysql://root:hunter2secret@localhost/db")
    assert "hunter2secret" not in str(caught.value)


def test_masked_url_keeps_user():
    assert masked_url("postgresql://me:pw@h/db") == "postgresql://me:***@h/db"
