-- Sales per account and IST week (see macros/sales_by_period.sql).

{{ sales_by_period('week') }}
