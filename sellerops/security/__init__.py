"""Security: secret encryption and key files, password hashing, roles and permissions."""
