"""Seller intelligence assets: models trained on the marts, their scores written to schema `ml`."""
