"""Scheduled reports: daily, weekly and monthly reports of every tenant, generated and emailed."""
