"""`sellerops sandbox`: the local Flipkart sandbox commands.

They are defined beside the server in `ingestion.sandbox.server.cli`, so that
`python -m ingestion.sandbox` works without importing the operational core.
"""

from ingestion.sandbox.server.cli import app

__all__ = ["app"]
