-- SKU profit per account and IST day (see macros/sku_profit_by_period.sql).

{{ sku_profit_by_period('day') }}
