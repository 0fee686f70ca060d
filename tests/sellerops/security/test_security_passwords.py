import pytest

from sellerops.errors import InvalidInputError
from sellerops.security.passwords import (
    check_password_strength,
    hash_password,
    make_hasher,
    needs_rehash,
    verify_password,
)
from sellerops.settings import PasswordHashing

FAST = PasswordHashing(time_cost=1, memory_cost_kib=1024, parallelism=1)


def test_hash_is_argon2id():
    assert hash_password(make_hasher(FAST), "long password 1").startswith("$argon2id$")


def test_verify_right_password():
    hasher = make_hasher(FAST)
    assert verify_password(hasher, hash_password(hasher, "long password 1"), "long password 1")


def test_verify_wrong_password():
    hasher = make_hasher(FAST)
    assert not verify_password(hasher, hash_password(hasher, "long password 1"), "long password 2")


def test_verify_malformed_hash():
    assert not verify_password(make_hasher(FAST), "not-a-hash", "whatever")


def test_rehash_on_new_parameters():
    stored = hash_password(make_hasher(FAST), "long password 1")
    assert needs_rehash(make_hasher(PasswordHashing(time_cost=2, memory_cost_kib=2048)), stored)


def test_short_password_message():
    with pytest.raises(InvalidInputError) as caught:
        check_password_strength("abc")
    assert str(caught.value) == "The password has 3 characters; use at least 10."
