"""The operational core's commands, run in-process with CliRunner on both backends."""

import json
import stat

import pytest
from cryptography.fernet import Fernet
from factories import BUYER
from typer.testing import CliRunner

from sellerops.cli.main import app
from sellerops.services import act_as, list_accounts, record_buyer_contact
from sellerops.settings import Settings
from sellerops.store import Store

OWNER_PASSWORD = "owner password 123"
APP_SECRET = "app-secret-never-shown-9876"
GSTIN = "27AAPFU0939F1ZV"


def cheap_hashing(monkeypatch):
    """Make Argon2id as cheap as it goes; the CLI reads its cost from the environment."""
    monkeypatch.setenv("SELLEROPS_ARGON2_TIME_COST", "1")
    monkeypatch.setenv("SELLEROPS_ARGON2_MEMORY_KIB", "1024")
    monkeypatch.setenv("SELLEROPS_ARGON2_PARALLELISM", "1")


@pytest.fixture
def cli(database_url, tmp_path, monkeypatch):
    """Run `sellerops` with the test database; returns a function of argv and input."""
    monkeypatch.setenv("SELLEROPS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SELLEROPS_DATABASE_URL", database_url)
    cheap_hashing(monkeypatch)
    for name in ("SELLEROPS_PASSWORD", "SELLEROPS_NEW_PASSWORD", "FLIPKART_APP_SECRET"):
        monkeypatch.delenv(name, raising=False)
    runner = CliRunner()

    def run(*args, input=None, env=None):
        return runner.invoke(app, list(args), input=input, env=env)

    assert run("init").exit_code == 0
    return run


@pytest.fixture
def tenant(cli):
    result = cli(
        "tenant",
        "create",
        "acme",
        "--owner",
        "Owner@Acme.Example",
        input=f"{OWNER_PASSWORD}\n{OWNER_PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    return cli


def as_owner(*args):
    return [*args, "--tenant", "acme", "--as", "owner@acme.example"]


OWNER_ENV = {"SELLEROPS_PASSWORD": OWNER_PASSWORD}


def add_account(cli):
    return cli(
        *as_owner(
            "account",
            "add",
            "main",
            "--app-id",
            "app-1",
            "--gstin",
            GSTIN,
            "--state-code",
            "27",
            "--state",
            "Maharashtra",
        ),
        input=f"{OWNER_PASSWORD}\n{APP_SECRET}\n",
    )


def test_init_key_file_0600(tmp_path, monkeypatch):
    monkeypatch.setenv("SELLEROPS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("SELLEROPS_DATABASE_URL", raising=False)
    monkeypatch.delenv("SELLEROPS_SECRET_KEY", raising=False)
    result = CliRunner().invoke(app, ["init"])
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE((tmp_path / "data" / "secret.key").stat().st_mode) == 0o600
    assert (tmp_path / "data" / "sellerops.db").exists()


def test_init_twice(cli):
    assert cli("init").exit_code == 0


def test_tenant_create_output(tenant):
    result = tenant("tenant", "list")
    assert result.stdout.startswith("acme\tunlimited")


def test_account_add_secret_not_echoed(tenant):
    result = add_account(tenant)
    assert result.exit_code == 0, result.output
    assert APP_SECRET not in result.output
    assert "secret ••••9876" in result.stdout


def test_account_list_masked(tenant):
    add_account(tenant)
    result = tenant(*as_owner("account", "list"), env=OWNER_ENV)
    assert "\tmain\tproduction\tapp-1\t••••9876\t" in result.stdout
    assert APP_SECRET not in result.output


def test_user_lifecycle(tenant):
    env = {**OWNER_ENV, "SELLEROPS_NEW_PASSWORD": "packer password 1"}
    added = tenant(*as_owner("user", "add", "pat@acme.example", "--role", "packer"), env=env)
    promoted = tenant(*as_owner("user", "set-role", "pat@acme.example", "manager"), env=OWNER_ENV)
    disabled = tenant(*as_owner("user", "disable", "pat@acme.example"), env=OWNER_ENV)
    listing = tenant(*as_owner("user", "list"), env=OWNER_ENV)
    assert (
        added.stdout.strip() == "Added user 'pat@acme.example' with role 'packer' to tenant 'acme'."
    )
    assert promoted.stdout.strip() == "User 'pat@acme.example' now has role 'manager'."
    assert disabled.stdout.strip() == "Disabled user 'pat@acme.example'."
    assert "pat@acme.example\tmanager\tdisabled" in listing.stdout


def one_line_error(result):
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    return lines[0]


def test_unknown_role_error(tenant):
    env = {**OWNER_ENV, "SELLEROPS_NEW_PASSWORD": "packer password 1"}
    result = tenant(*as_owner("user", "add", "pat@acme.example", "--role", "admn"), env=env)
    assert result.exit_code == 2
    assert one_line_error(result) == (
        "Error: Unknown role 'admn'; use one of: owner, manager, accountant, packer, viewer."
    )


def test_duplicate_user_error(tenant):
    env = {**OWNER_ENV, "SELLEROPS_NEW_PASSWORD": "packer password 1"}
    tenant(*as_owner("user", "add", "pat@acme.example", "--role", "packer"), env=env)
    result = tenant(*as_owner("user", "add", "pat@acme.example", "--role", "viewer"), env=env)
    assert result.exit_code == 2
    assert "User 'pat@acme.example' already exists" in one_line_error(result)


def test_wrong_password_error(tenant):
    result = tenant(*as_owner("user", "list"), env={"SELLEROPS_PASSWORD": "nope nope nope"})
    assert result.exit_code == 1
    assert one_line_error(result).startswith(
        "Error: Login failed for 'owner@acme.example' in tenant 'acme': wrong email or password"
    )


def test_lockout_error_names_expiry(tenant):
    for _ in range(5):
        tenant(*as_owner("user", "list"), env={"SELLEROPS_PASSWORD": "nope nope nope"})
    result = tenant(*as_owner("user", "list"), env=OWNER_ENV)
    assert result.exit_code == 1
    assert "is locked until" in one_line_error(result)


def test_permission_denied_error(tenant):
    env = {**OWNER_ENV, "SELLEROPS_NEW_PASSWORD": "viewer password 1"}
    tenant(*as_owner("user", "add", "vic@acme.example", "--role", "viewer"), env=env)
    result = tenant(
        "user",
        "list",
        "--tenant",
        "acme",
        "--as",
        "vic@acme.example",
        env={"SELLEROPS_PASSWORD": "viewer password 1"},
    )
    assert result.exit_code == 1
    assert one_line_error(result) == (
        "Error: Permission denied: role 'viewer' may not perform 'user.list'; ask an owner of "
        "tenant 'acme' to do it or to change your role."
    )


def test_malformed_database_url_error(cli):
    result = cli("audit", "verify", env={"SELLEROPS_DATABASE_URL": "postgres//localhost"})
    assert result.exit_code == 2
    assert one_line_error(result) == (
        "Error: Database URL 'postgres//localhost' is malformed; use sqlite:///data/sellerops.db "
        "or postgresql+psycopg://user:password@host:5432/dbname."
    )


def test_uninitialized_store_error(tmp_path):
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    env = {"SELLEROPS_DATABASE_URL": url, "SELLEROPS_DATA_DIR": str(tmp_path)}
    (tmp_path / "secret.key").write_text(Fernet.generate_key().decode() + "\n")
    (tmp_path / "secret.key").chmod(0o600)
    result = CliRunner().invoke(app, ["audit", "verify"], env=env)
    assert result.exit_code == 2
    assert "run `sellerops init` first" in one_line_error(result)


def test_audit_verify_intact(tenant):
    add_account(tenant)
    result = tenant("audit", "verify")
    assert result.exit_code == 0
    assert result.stdout.startswith("Audit log intact:")


def test_secrets_rotate(tenant):
    add_account(tenant)
    rotated = tenant("secrets", "rotate")
    listing = tenant(*as_owner("account", "list"), env=OWNER_ENV)
    assert rotated.stdout.startswith("Re-encrypted 1 app secret(s) and 0 cached token(s)")
    assert "••••9876" in listing.stdout


def record_contact(database_url, tmp_path):
    settings = Settings(database_url=database_url, data_dir=tmp_path / "data")
    store = Store.open(settings, create_key=False)
    owner = act_as(store, "acme", "owner@acme.example")
    account_id = list_accounts(owner)[0].id
    record_buyer_contact(owner, account_id, "OD100", "shipment-1", BUYER)
    store.close()


def test_privacy_export_and_erase(tenant, database_url, tmp_path):
    add_account(tenant)
    record_contact(database_url, tmp_path)

    exported = tenant(*as_owner("privacy", "export", "--order", "OD100"), env=OWNER_ENV)
    erased = tenant(*as_owner("privacy", "erase", "--order", "OD100", "--yes"), env=OWNER_ENV)
    again = tenant(*as_owner("privacy", "export", "--order", "OD100"), env=OWNER_ENV)

    assert json.loads(exported.stdout)["buyer_contacts"][0]["phone"] == "9876543210"
    assert erased.stdout.startswith("Erased the personal data of order OD100 in 1 shipment(s)")
    assert json.loads(again.stdout)["buyer_contacts"][0]["phone"] is None


def test_privacy_export_to_file_0600(tenant, database_url, tmp_path):
    add_account(tenant)
    record_contact(database_url, tmp_path)
    target = tmp_path / "export.json"
    result = tenant(
        *as_owner("privacy", "export", "--order", "OD100", "-o", str(target)), env=OWNER_ENV
    )
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_privacy_unknown_order_error(tenant):
    result = tenant(*as_owner("privacy", "erase", "--order", "OD404", "--yes"), env=OWNER_ENV)
    assert result.exit_code == 1
    assert "No buyer data for order 'OD404'" in one_line_error(result)


def test_init_lost_key_error(tenant, tmp_path):
    add_account(tenant)
    (tmp_path / "data" / "secret.key").unlink()
    result = tenant("init")
    assert result.exit_code == 2
    assert "restore the old key file from a backup" in one_line_error(result)


def test_unreachable_database_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("SELLEROPS_DATABASE_URL", "postgresql://postgres@127.0.0.1:1/nodb")
    monkeypatch.setenv("SELLEROPS_SECRET_KEY", Fernet.generate_key().decode())
    result = CliRunner().invoke(app, ["audit", "verify"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: the database failed (")
    assert len(result.stderr.strip().splitlines()) == 1


def test_init_rejects_other_key(cli):
    result = cli("init", env={"SELLEROPS_SECRET_KEY": Fernet.generate_key().decode()})
    assert result.exit_code != 0
    assert "does not decrypt a stored secret" in result.stderr
