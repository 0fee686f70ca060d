"""GST invoices, credit notes, packing slips and labels: pure tax logic, numbering and layout.

Nothing here imports Dagster or Streamlit. The services in `sellerops/services/documents.py`
gather inputs from the store and the Flipkart client, call these functions and record results.
"""
