"""The tenant warehouse: raw landings from Flipkart, validation, sync cursors and publishing."""
