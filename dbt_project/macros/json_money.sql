{#- Money from a JSON payload: the text of the value cast to DECIMAL(18,2), never through DOUBLE,
    because Flipkart sends amounts both as numbers and as strings. -#}
{% macro json_money(payload, path) -%}
    try_cast(json_extract_string({{ payload }}, '{{ path }}') as decimal(18, 2))
{%- endmacro %}

{#- Rupees rounded half up to paise, as the fee oracle does (DuckDB rounds DECIMAL half away
    from zero, which is half up for the non-negative amounts passed here). -#}
{% macro to_paise(expression) -%}
    cast(round({{ expression }}, 2) as decimal(18, 2))
{%- endmacro %}

{#- The IST calendar date of a TIMESTAMPTZ, independent of the session time zone. -#}
{% macro ist_date(expression) -%}
    cast(timezone('Asia/Kolkata', {{ expression }}) as date)
{%- endmacro %}

{#- A ratio as DECIMAL(9,4), NULL when the denominator is zero or NULL. -#}
{% macro safe_ratio(numerator, denominator) -%}
    cast(round({{ numerator }} / nullif({{ denominator }}, 0), 4) as decimal(9, 4))
{%- endmacro %}

{#- Integer division rounded half up, exact for the non-negative HUGEINTs it is given. -#}
{% macro divide_half_up(numerator, denominator) -%}
    ((2 * ({{ numerator }}) + ({{ denominator }})) // (2 * ({{ denominator }})))
{%- endmacro %}
