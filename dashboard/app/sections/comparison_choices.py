"""The comparison page's choices, bound to the URL and validated like the sidebar's.

`force`, `peers` (forces joined by `|`, as force names may hold commas), `sg` (rape | other;
absent: both) and `nyear` (the financial year, `2017/18`). `nyear`, not `year`: the sidebar
already uses `year` for its calendar year. A value the loaded data does not have falls back to
the default with a notice.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import streamlit as st

from dashboard.app import url_params
from dashboard.app.markdown_text import LINK_CHARS, literal
from dashboard.app.national_data import NationalVersion, territorial_forces
from dashboard.app.widget_labels import worded
from dashboard.i18n import t
from dashboard.national import choices as choose

# choice -> URL query parameter
PARAMS = {"year": "nyear", "force": "force", "peers": "peers", "subgroup": "sg"}
PEER_SEPARATOR = "|"
BOTH = "all"  # the subgroup choice "rape and other sexual offences together"
SUBGROUP_CHOICES = (BOTH, *choose.SUBGROUPS)
RATE_CHOICES = (
    "charge_rate",
    "charge_rate_recorded_basis",
    "victim_not_supporting_rate",
    "no_suspect_rate",
)
KEYS = {
    "year": "cmp_year",
    "subgroup": "cmp_sg",
    "force": "cmp_force",
    "peers": "cmp_peers",
    "rate": "cmp_rate",
}


# --- the page's choices, bound to the URL -----------------------------------------------------


@dataclass(frozen=True)
class Selection:
    """What the page compares: year, subgroup (None: both), force, comparator forces, rate."""

    year: str
    subgroup: str | None
    force: str
    peers: tuple[str, ...]
    rate: str = RATE_CHOICES[0]
    notices: tuple[str, ...] = field(default=(), compare=False)


def default_force(valid: list[str]) -> str:
    return choose.DEFAULT_FORCE if choose.DEFAULT_FORCE in valid else valid[0]


def from_params(
    params: Mapping[str, str],
    years: list[str],
    forces_of: Callable[[str], list[str]],
) -> Selection:
    """The choices a URL names (keys as in PARAMS), each invalid one replaced by its default
    with a notice: the latest loaded year, Gwent, the other Welsh forces, both subgroups."""
    notices: list[str] = []
    latest = years[-1]
    year = latest
    if (text := params.get("year")) is not None:
        if (found := url_params.national_year(text, years)) is not None:
            year = found
        else:
            notices.append(
                t("comparison.bad_year", value=literal(text, LINK_CHARS), fallback=latest)
            )
    subgroup = None
    if url_params.given(text := params.get("subgroup")):
        chosen = url_params.code(text, SUBGROUP_CHOICES)
        if chosen is None:
            notices.append(t("comparison.bad_subgroup", value=literal(text, LINK_CHARS)))
        elif chosen != BOTH:
            subgroup = chosen
    valid = forces_of(year)
    force = default_force(valid)
    if (text := params.get("force")) is not None:
        if (found := url_params.force(text, valid)) is not None:
            force = found
        else:
            notices.append(
                t("comparison.bad_force", value=literal(text, LINK_CHARS), fallback=force)
            )
    default_peers = choose.default_comparators(force, valid)
    peers = default_peers
    if (text := params.get("peers")) is not None:
        names = url_params.names(text, PEER_SEPARATOR)
        peers, bad = [], [] if names is not None else [url_params.last(text) or ""]  # too long
        for name in names or ():
            found = url_params.force(name, valid)
            if found is None or found == force:
                bad.append(name)
            elif found not in peers:
                peers.append(found)
        if bad and not peers:
            peers = default_peers
            notices.append(
                t(
                    "comparison.bad_peers_default",
                    values=literal(", ".join(bad), LINK_CHARS),
                    fallback=", ".join(peers),
                )
            )
        elif bad:
            notices.append(t("comparison.bad_peers", values=literal(", ".join(bad), LINK_CHARS)))
    return Selection(year, subgroup, force, tuple(peers), notices=tuple(notices))


def to_params(selection: Selection) -> dict[str, str]:
    """The URL values (keys as in PARAMS) that reproduce a selection; both subgroups: absent."""
    out = {
        "year": selection.year,
        "force": selection.force,
        "peers": PEER_SEPARATOR.join(selection.peers),
    }
    if selection.subgroup is not None:
        out["subgroup"] = selection.subgroup
    return out


def _seeds(selection: Selection) -> dict[str, object]:
    return {
        KEYS["year"]: selection.year,
        KEYS["subgroup"]: selection.subgroup or BOTH,
        KEYS["force"]: selection.force,
        KEYS["peers"]: list(selection.peers),
    }


def _url_values() -> dict[str, str]:
    return {name: st.query_params[p] for name, p in PARAMS.items() if p in st.query_params}


def _write_url(params: dict[str, str]) -> None:
    """Set this page's parameters in the URL, leaving every other parameter as it is."""
    for name, param in PARAMS.items():
        if name in params:
            if st.query_params.get(param) != params[name]:
                st.query_params[param] = params[name]
        elif param in st.query_params:
            del st.query_params[param]


def _keep_valid(key: str, options: list, fallback: object) -> None:
    """A widget's value from an earlier run that the data no longer offers goes back to default."""
    if st.session_state.get(key) not in options:
        st.session_state[key] = fallback


def controls(nv: NationalVersion) -> Selection:
    """The choice widgets, seeded from the URL on a new link, then leading it."""
    ss = st.session_state
    years = nv.years
    url = _url_values()
    known = ss.get("_cmp_url")
    notices: tuple[str, ...] = ()
    if known is None or (url and url != known):
        seeded = from_params(url, years, lambda y: territorial_forces(nv, y))
        ss.update(_seeds(seeded))
        ss["_cmp_force_drawn"] = seeded.force  # the link's group stands, whatever was shown
        notices = seeded.notices
    elif (shown := ss.get("_cmp_shown")) is not None:
        # Widgets not drawn in a run (another page) are forgotten: start from what was shown.
        for key, value in _seeds(shown).items():
            ss.setdefault(key, value)

    st.subheader(t("comparison.controls"))
    first, second, third = st.columns(3)
    _keep_valid(KEYS["year"], years, years[-1])
    year = first.selectbox(t("comparison.year"), years[::-1], key=KEYS["year"])
    valid = territorial_forces(nv, year)
    _keep_valid(KEYS["force"], valid, default_force(valid))
    force = second.selectbox(t("comparison.force"), valid, key=KEYS["force"])
    _keep_valid(KEYS["rate"], list(RATE_CHOICES), RATE_CHOICES[0])
    rate = third.selectbox(
        t("comparison.rate"),
        RATE_CHOICES,
        key=KEYS["rate"],
        format_func=worded(RATE_CHOICES, lambda r: t(f"comparison.rate.{r}")),
    )
    _keep_valid(KEYS["subgroup"], list(SUBGROUP_CHOICES), BOTH)
    subgroup = first.radio(
        t("comparison.subgroup"),
        SUBGROUP_CHOICES,
        key=KEYS["subgroup"],
        format_func=worded(SUBGROUP_CHOICES, lambda s: t(f"comparison.subgroup.{s}")),
    )
    options = [name for name in valid if name != force]
    previous_force = ss.get("_cmp_force_drawn")
    peers = [p for p in ss.get(KEYS["peers"], []) if p in options]
    if previous_force not in (None, force) and set(ss.get(KEYS["peers"], [])) == set(
        choose.default_comparators(previous_force, valid)
    ):
        # The group was the default for the force before: make it the default for this one.
        peers = choose.default_comparators(force, valid)
    ss[KEYS["peers"]] = peers
    chosen = st.multiselect(
        t("comparison.peers"), options, key=KEYS["peers"], help=t("comparison.peers_help")
    )
    ss["_cmp_force_drawn"] = force
    selection = Selection(
        year,
        None if subgroup == BOTH else subgroup,
        force,
        tuple(chosen),
        rate,
        notices,
    )
    params = to_params(selection)
    _write_url(params)
    ss["_cmp_url"] = params
    ss["_cmp_shown"] = selection
    return selection
