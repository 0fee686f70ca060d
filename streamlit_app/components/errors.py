"""The error boundary around every page: a friendly message on screen, the traceback in the log."""

from __future__ import annotations

import logging
from collections.abc import Callable

import streamlit as st
from streamlit.runtime.scriptrunner_utils.exceptions import ScriptControlException

from sellerops.errors import NotFoundError, PermissionDeniedError, SellerOpsError
from streamlit_app.components.formatting import plain

logger = logging.getLogger("streamlit_app")


def run_guarded(page_title: str, render: Callable[[], None]) -> None:
    """Run `render` and show a message instead of a traceback if it raises.

    Errors the services raise on purpose carry a message written for the user, so it is shown
    as it is. Anything else is logged with its traceback and shown as a generic message.
    Streamlit's own control flow (`st.stop`, `st.rerun`, `st.switch_page`) passes through.
    """
    try:
        with st.spinner(f"Loading {page_title}…"):
            render()
    except ScriptControlException:
        raise
    except PermissionDeniedError as error:
        st.error(
            f"You cannot open this part of {page_title}. {plain(error)}", icon=":material/lock:"
        )
    except NotFoundError as error:
        st.info(str(error), icon=":material/info:")
    except SellerOpsError as error:
        st.error(plain(error), icon=":material/error:")
    except Exception:
        logger.exception("Page %r failed", page_title)
        st.error(
            f"{page_title} could not be shown because of an unexpected error. The error was "
            "logged for your administrator; reload the page to try again.",
            icon=":material/error:",
        )
