"""What `flightdeck serve` runs: Streamlit's own server for the app (`streamlit_app.py`), with
Flight Deck's guard (`dashboard.app.guard`) in front of every request and WebSocket.

`streamlit run` finds `app` here (an `st.App`) and serves it with uvicorn, taking its port,
address and other settings from the command line and `.streamlit/config.toml` as usual.
"""

import streamlit as st
from starlette.middleware import Middleware

from dashboard.app.guard import Guard

app = st.App("streamlit_app.py", middleware=[Middleware(Guard)])
