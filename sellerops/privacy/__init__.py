"""Buyer personal data rules: which fields are personal and which issued invoices must keep."""
