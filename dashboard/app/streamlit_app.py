"""Entry point of the dashboard (`flightdeck serve` runs this file with Streamlit)."""

from dashboard.app.shell import main

main()
