"""Pure inventory logic: order events from synced records and stock push plans.

Days of cover and reorder suggestions live in the `stock_cover` mart (dbt_project/).
"""
