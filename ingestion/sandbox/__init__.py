"""A local Flipkart Seller API: a seeded marketplace simulator and its HTTP server."""
