"""Entry point of the dashboard (`flightdeck serve` runs this file with Streamlit)."""

from dashboard.app_shell import main

main()
