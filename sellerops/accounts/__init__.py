"""Seller account input rules, shared by the services and the CLI."""
