"""`python -m ingestion.sandbox`: the sandbox commands without the rest of the SellerOps CLI."""

from .server.cli import app

app(prog_name="python -m ingestion.sandbox")
