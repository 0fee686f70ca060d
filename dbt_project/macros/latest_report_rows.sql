{#
    Rows of a Seller Hub report table from the latest imported file that lists each key.

    A period downloaded twice lands as two files. For each account and `key_column` only the
    rows of the file loaded last (ties broken by the larger file hash) are kept, so no amount
    is counted twice. The join to report_files only reads each file's load time. The result
    keeps every column of the report table plus `loaded_at`.
#}
{% macro latest_report_rows(report_table, key_column) %}

    with

    source as (

        select * from {{ source('seller_hub', report_table) }}

    ),

    files as (

        select * from {{ source('seller_hub', 'report_files') }}

    ),

    ranked as (

        select
            source.*,
            files.loaded_at,
            dense_rank() over (
                partition by source.account_id, source.{{ key_column }}
                order by files.loaded_at desc, source.file_hash desc
            ) as file_rank

        from source
        inner join files
            on source.file_hash = files.file_hash
            and source.account_id = files.account_id

    )

    select * exclude (file_rank) from ranked
    where file_rank = 1

{% endmacro %}
