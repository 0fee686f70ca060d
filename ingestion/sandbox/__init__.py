"""A local Flipkart Seller API: a seeded marketplace simulator and the HTTP server in front of it."""
