"""Alerts: evaluate the rules after every published build or failed run, and deliver messages."""
