-- SKU profit per account and IST month (see macros/sku_profit_by_period.sql).

{{ sku_profit_by_period('month') }}
