"""Signal or noise: a metric's months as a statistical process control (XmR) chart, to tell a
real change from the month-to-month noise every measure has."""

import streamlit as st

from dashboard.app import components
from dashboard.app.context import context
from dashboard.app.sections import signals
from dashboard.i18n import t

view, state = context()
components.page_heading(t("page.signals"), view, state)
st.markdown(t("spc.intro"))
with st.expander(t("spc.how_to_read.title")):
    st.markdown(t("spc.how_to_read"))
signals.signal_section(view, state, signals.metric_choice())
