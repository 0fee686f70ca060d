"""One module per dashboard page, each exposing `render(ctx: PageContext) -> None`.

The folder is not named `pages`, because Streamlit (1.67) treats a `pages/` folder beside the
entry script as an old-style multipage app. On such a run it executes a module such as
`orders.py` as a script in place of the page that `st.navigation` registers at `orders`.
"""
