"""`sellerops account configure` and `account location`, run in-process on both backends."""

from test_cli_core import OWNER_ENV, add_account, as_owner, cli, one_line_error, tenant

__all__ = ["cli", "tenant"]  # fixtures used by the tests below

LOCATION = "LOC914d90fdeade4be8a84a7894c19d70e3"


def account_id(run):
    assert add_account(run).exit_code == 0
    listing = run(*as_owner("account", "list"), env=OWNER_ENV)
    return listing.stdout.split("\t", 1)[0]


def test_configure_sets_tier_and_fulfilment(tenant):
    identifier = account_id(tenant)

    result = tenant(
        *as_owner("account", "configure", identifier, "--tier", "silver", "--fulfilment", "FBF"),
        env=OWNER_ENV,
    )

    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == (
        "Seller account 'main' now has tier SILVER and fulfilment FBF."
    )


def test_configure_unknown_tier(tenant):
    identifier = account_id(tenant)

    result = tenant(*as_owner("account", "configure", identifier, "--tier", "iron"), env=OWNER_ENV)

    assert result.exit_code == 2
    assert one_line_error(result) == (
        "Error: Unknown tier 'iron'; use one of: PLATINUM, GOLD, SILVER, BRONZE."
    )


def test_location_lists_locations(tenant):
    identifier = account_id(tenant)
    arguments = ["--city", "Bengaluru", "--pincode", "560001", "--state-code", "29"]

    result = tenant(
        *as_owner("account", "location", identifier, LOCATION, *arguments), env=OWNER_ENV
    )

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Locations of seller account 'main':",
        f"{LOCATION}\tBengaluru\t560001\t29",
    ]


def test_location_unknown_account(tenant):
    arguments = ["--city", "Pune", "--pincode", "411001", "--state-code", "27"]

    result = tenant(*as_owner("account", "location", "nope", "LOC1", *arguments), env=OWNER_ENV)

    assert result.exit_code == 1
    assert one_line_error(result).startswith("Error: No seller account 'nope' in this tenant")
