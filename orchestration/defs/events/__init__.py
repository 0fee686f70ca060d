"""Flipkart push notifications stored by the webhook receiver, turned into incremental syncs."""
