"""The files this server has handed to a signed-in user, so that each can be fetched only by them.

A download button's file is made when it is clicked (`dashboard.app.components.download`) and
then fetched by the browser from Streamlit's `/media/<id>` address, which Streamlit serves to
anyone who knows it, with no sign-in and no record. So every file is registered here, by the
SHA-256 of its bytes, with the user it was made for and the capability of the page that offered
it; `dashboard.app.guard` serves a `/media/` file only to that user while they still hold that
capability, and audits each time it is served.

In memory, in the serving process (where Streamlit's own media files are); the newest
`MAX_FILES` offers are kept, as Streamlit drops a session's files when it moves on.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass

from dashboard.access import roles
from dashboard.access.roles import Identity

MAX_FILES = 4096


@dataclass(frozen=True)
class Offer:
    """A file made for one user: who, what (the audit log's name), from where."""

    user: str | None
    capability: str
    what: str
    file_name: str
    page: str
    version: str | None
    session: str | None
    sign_in: str | None = None  # fingerprint of the sign-in cookie (`signed_out.fingerprint`)


_lock = threading.Lock()
_offers: OrderedDict[str, tuple[Offer, ...]] = OrderedDict()


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def offer(data: bytes, made_for: Offer) -> str:
    """Register `data` as made for `made_for.user`; its SHA-256."""
    key = digest(data)
    with _lock:
        known = _offers.pop(key, ())
        _offers[key] = (*[o for o in known if o != made_for], made_for)
        while len(_offers) > MAX_FILES:
            _offers.popitem(last=False)
    return key


def allowed(identity: Identity, data_digest: str, sign_in: str | None = None) -> Offer | None:
    """The offer under which `identity` may fetch the file with this SHA-256, or None: only the
    user it was made for, through the same sign-in (the same sign-in cookie, where the session
    that made it had one), and only while their roles still hold the page's capability."""
    with _lock:
        offers = _offers.get(data_digest, ())
    for made in reversed(offers):
        if identity.user is None or made.user != identity.user:
            continue
        if made.sign_in is not None and made.sign_in != sign_in:
            continue  # the same user signed in elsewhere: not the session it was made for
        if roles.can(identity, made.capability):
            return made
    return None


def forget_all() -> None:
    """For tests: no file offered."""
    with _lock:
        _offers.clear()
