-- Sales per account and IST month (see macros/sales_by_period.sql).

{{ sales_by_period('month') }}
