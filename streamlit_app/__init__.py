"""The SellerOps dashboard: a Streamlit router, one function per page, queries and figures."""
