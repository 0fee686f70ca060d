"""Stock control per seller account: order events into the ledger, listed stock out to Flipkart."""
