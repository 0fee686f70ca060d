"""The dbt project as assets, and the publish step that swaps in the dashboard's copy."""
