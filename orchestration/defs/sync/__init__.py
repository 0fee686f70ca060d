"""Sync of each seller account from the Flipkart API into its tenant's raw tables."""
