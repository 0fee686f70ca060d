-- SKU profit per account and IST week (see macros/sku_profit_by_period.sql).

{{ sku_profit_by_period('week') }}
