"""The Inventory and Settings pages for each role, and the services behind their forms."""

import pytest
from conftest import navigation_titles

from sellerops.errors import PermissionDeniedError
from sellerops.security.permissions import Role
from sellerops.services import get_account, list_users
from sellerops.services.catalog import list_skus
from sellerops.services.stock import adjust_stock, stock_levels
from streamlit_app.views.settings import changed_skus

INVENTORY_TABS = {
    Role.OWNER: ["Stock", "Low stock", "Receive", "Adjust", "Upload CSV"],
    Role.MANAGER: ["Stock", "Low stock", "Receive", "Adjust", "Upload CSV"],
    Role.PACKER: ["Stock", "Low stock", "Receive"],
    Role.ACCOUNTANT: ["Stock", "Low stock"],
    Role.VIEWER: ["Stock", "Low stock"],
}
SETTINGS_TABS = {
    Role.OWNER: ["Accounts", "Users and roles", "Branding", "Rate card", "Thresholds"],
    Role.MANAGER: ["Accounts", "Users and roles", "Branding", "Rate card", "Thresholds"],
    Role.PACKER: ["Accounts", "Branding", "Rate card", "Thresholds"],
    Role.ACCOUNTANT: ["Accounts", "Branding", "Rate card", "Thresholds"],
    Role.VIEWER: ["Accounts", "Branding", "Rate card", "Thresholds"],
}


@pytest.mark.parametrize("role", list(Role))
def test_inventory_tabs_by_role(logged_in_app, role):
    at = logged_in_app(role, page="inventory")

    assert not at.exception, at.exception
    assert at.header[0].value == "Inventory"
    assert [tab.label for tab in at.tabs] == INVENTORY_TABS[role]
    assert [metric.label for metric in at.metric] == [
        "SKUs in stock",
        "Locations",
        "Low stock",
        "Out of stock",
    ]


def test_packer_receives_stock(logged_in_app, dashboard):
    owner = dashboard.actors[Role.OWNER]
    sku = list_skus(owner)[0].sku
    location = get_account(owner, dashboard.account_ids[0]).location_ids[0]
    before = {(level.sku, level.location_id): level.on_hand for level in stock_levels(owner)}
    at = logged_in_app(Role.PACKER, page="inventory")

    at.text_input(key="receive_sku").set_value(sku)
    at.text_input(key="receive_location").set_value(location)
    at.number_input(key="receive_quantity").set_value(7)
    at.text_input(key="receive_reference").set_value("GRN-APPTEST-1")
    submit = next(button for button in at.button if button.label == "Receive stock")
    submit.click().run()

    assert not at.exception, at.exception
    after = {(level.sku, level.location_id): level.on_hand for level in stock_levels(owner)}
    assert after[(sku, location)] == before.get((sku, location), 0) + 7
    assert any("+7 units" in message.value for message in at.success)


def test_viewer_cannot_adjust(dashboard):
    viewer = dashboard.actors[Role.VIEWER]
    sku = list_skus(viewer)[0].sku
    with pytest.raises(PermissionDeniedError):
        adjust_stock(viewer, sku, "LOC-ANY", -1, "broken")


@pytest.mark.parametrize("role", list(Role))
def test_settings_tabs_by_role(logged_in_app, role):
    at = logged_in_app(role, page="settings")

    assert not at.exception, at.exception
    assert "Settings" in navigation_titles(at)
    # The alert channels section below the settings tabs has tabs of its own.
    expected = SETTINGS_TABS[role]
    assert [tab.label for tab in at.tabs][: len(expected)] == expected


def test_settings_masks_secrets(logged_in_app, dashboard):
    at = logged_in_app(Role.OWNER, page="settings")
    secrets = [seller["app_secret"] for seller in dashboard.server.credentials()]

    shown = at.dataframe[0].value
    cells = {str(value) for value in shown.to_numpy().ravel()}
    assert not cells & set(secrets)
    assert len(shown) == len(dashboard.account_ids)


def test_packer_cannot_list_users(dashboard):
    with pytest.raises(PermissionDeniedError):
        list_users(dashboard.actors[Role.PACKER])


def test_threshold_edit_keeps_other_fields(dashboard):
    skus = list_skus(dashboard.actors[Role.OWNER])[:3]
    rows = [
        {
            "sku": sku.sku,
            "low_stock_threshold": sku.low_stock_threshold,
            "safety_buffer": sku.safety_buffer,
            "gst_rate": float(sku.gst_rate) if sku.gst_rate is not None else None,
        }
        for sku in skus
    ]
    rows[1] = {**rows[1], "low_stock_threshold": 12, "safety_buffer": 3.0}

    changes = changed_skus(skus, rows)

    assert [change.sku for change in changes] == [skus[1].sku]
    assert changes[0].low_stock_threshold == 12
    assert changes[0].safety_buffer == 3
    assert changes[0].cost_price == skus[1].cost_price
    assert changes[0].hsn == skus[1].hsn
    assert changes[0].title == skus[1].title
