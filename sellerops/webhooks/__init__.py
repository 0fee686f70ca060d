"""Flipkart push notifications: signature checks, the envelope and the event types.

Pure functions only; the receiver app (`sellerops.webhooks.app`) and the service that stores
events (`sellerops.services.webhook_events`) build on them.
"""
