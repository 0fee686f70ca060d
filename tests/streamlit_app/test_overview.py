import pytest
from conftest import navigation_titles

from sellerops.security.permissions import Role


def metric_labels(at):
    return [metric.label for metric in at.metric]


@pytest.mark.parametrize("role", list(Role))
def test_overview_every_role(logged_in_app, role):
    at = logged_in_app(role)

    assert not at.exception
    assert navigation_titles(at)[0] == "Overview"
    assert at.header[0].value == "Overview"
    labels = metric_labels(at)
    assert "Today's orders" in labels
    assert "Pending dispatch" in labels
    assert "SLA at risk" in labels
    assert "Low stock" in labels
