"""Access: who may do what (roles and capabilities), the audit trail, and when `flightdeck serve`
may start (secure defaults). No Streamlit here: the app's session layer reads these."""
