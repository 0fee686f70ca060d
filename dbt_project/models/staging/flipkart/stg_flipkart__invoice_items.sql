-- One row per order item of an invoice: invoice number and date, GST rate and tax heads.

with

source as (

    select * from {{ source('flipkart', 'invoices') }}

),

items as (

    select
        source.account_id,
        source.shipment_id,
        source.invoice_number,
        source.invoice_date,
        item.value as item

    from source,
        json_each(source.payload, '$.orderItems') as item

),

renamed as (

    select
        account_id,
        shipment_id,
        json_extract_string(item, '$.orderItemId') as order_item_id,
        invoice_number,
        invoice_date,
        {{ json_money('item', '$.invoiceAmount') }} as invoice_amount,
        try_cast(json_extract_string(item, '$.taxRate') as decimal(5, 2)) as gst_rate,
        try_cast(json_extract_string(item, '$.taxDetails.cgstRate') as decimal(5, 2))
            as cgst_rate,
        try_cast(json_extract_string(item, '$.taxDetails.sgstRate') as decimal(5, 2))
            as sgst_rate,
        try_cast(json_extract_string(item, '$.taxDetails.igstRate') as decimal(5, 2))
            as igst_rate

    from items

)

select * from renamed
