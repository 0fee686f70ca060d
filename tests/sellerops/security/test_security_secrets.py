import stat

import pytest
from cryptography.fernet import Fernet

from sellerops.errors import SecretKeyError
from sellerops.security.keyfile import read_key_file
from sellerops.security.masking import mask_secret
from sellerops.security.secrets import SecretBox, open_secret_box
from sellerops.settings import Settings


def test_key_file_mode_0600(tmp_path):
    settings = Settings(data_dir=tmp_path / "data")
    open_secret_box(settings)
    mode = stat.S_IMODE(settings.resolved_key_file.stat().st_mode)
    assert mode == 0o600


def test_key_file_mode_despite_umask(tmp_path, monkeypatch):
    import os

    previous = os.umask(0)
    try:
        settings = Settings(data_dir=tmp_path)
        open_secret_box(settings)
    finally:
        os.umask(previous)
    assert stat.S_IMODE(settings.resolved_key_file.stat().st_mode) == 0o600


def test_key_file_reused(tmp_path):
    settings = Settings(data_dir=tmp_path)
    token = open_secret_box(settings).encrypt("s3cret")
    assert open_secret_box(settings).decrypt(token) == "s3cret"


def test_key_file_missing_without_create(tmp_path):
    with pytest.raises(SecretKeyError) as caught:
        open_secret_box(Settings(data_dir=tmp_path), create=False)
    assert "sellerops init" in str(caught.value)


def test_environment_key_used(tmp_path):
    key = Fernet.generate_key().decode()
    box = open_secret_box(Settings(data_dir=tmp_path, secret_key=key))
    assert Fernet(key).decrypt(box.encrypt("abc").encode()) == b"abc"
    assert not (tmp_path / "secret.key").exists()


def test_environment_key_invalid(tmp_path):
    with pytest.raises(SecretKeyError) as caught:
        open_secret_box(Settings(data_dir=tmp_path, secret_key="not-a-key"))
    message = str(caught.value)
    assert "SELLEROPS_SECRET_KEY" in message
    assert "not-a-key" not in message
    assert "generate one" in message


def test_wrong_key_message():
    token = SecretBox([Fernet.generate_key().decode()], source="a").encrypt("x")
    other = SecretBox([Fernet.generate_key().decode()], source="key file k")
    with pytest.raises(SecretKeyError) as caught:
        other.decrypt(token)
    assert "key file k" in str(caught.value)


def test_ciphertext_hides_plaintext():
    box = SecretBox([Fernet.generate_key().decode()], source="test")
    assert "plain-secret" not in box.encrypt("plain-secret")


def test_rotate_under_first_key():
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    token = SecretBox([old], source="t").encrypt("x")
    rotated = SecretBox([new, old], source="t").rotate(token)
    assert Fernet(new).decrypt(rotated.encode()) == b"x"


def test_read_key_file_order(tmp_path):
    path = tmp_path / "k"
    path.write_text("first\n\nsecond\n")
    path.chmod(0o600)
    assert read_key_file(path) == ["first", "second"]


@pytest.mark.parametrize(
    ("secret", "masked"),
    [(None, ""), ("", ""), ("short", "••••"), ("0123456789abcdefWXYZ", "••••WXYZ")],
)
def test_mask_secret(secret, masked):
    assert mask_secret(secret) == masked


def test_box_repr_hides_keys():
    key = Fernet.generate_key().decode()
    assert key not in repr(SecretBox([key], source="t"))


def test_non_ascii_key_file_message(tmp_path):
    path = tmp_path / "key"
    path.write_bytes(b"\xff\xfe")
    path.chmod(0o600)
    with pytest.raises(SecretKeyError) as caught:
        read_key_file(path)
    assert "contains non-ASCII bytes" in str(caught.value)
