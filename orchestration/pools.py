"""Dagster concurrency pools of the pipeline (limits are set in the instance, docs/pipeline.md)."""

# Every step that writes a tenant's DuckDB file claims this pool; the file lock in
# ingestion/warehouse/tenant_lock.py keeps two writers of one tenant apart.
WAREHOUSE_POOL = "duckdb_writers"
