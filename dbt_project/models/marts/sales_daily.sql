-- Sales per account and IST day (see macros/sales_by_period.sql).

{{ sales_by_period('day') }}
