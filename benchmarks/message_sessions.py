"""A user's session driven through Streamlit's own messages, with no browser: for load runs where
the users' browsers would otherwise share the server's cores (`load_users.py --browsers`).

A session opens the app's websocket (`/_stcore/stream`, as the browser's Streamlit client does),
asks for a run of the page (a `BackMsg` `rerun_script` carrying the widgets' values) and reads
the server's `ForwardMsg`s until `script_finished`: the time from asking to that message is what
the server took to send the whole page, nothing drawn. The sidebar's choices are sent as the
browser sends them: each select box's value as its shown option, by the widget id the server
gave it in the first run.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg


def version_named(footer: str) -> str:
    """The data version a page's footer names ("... Data version v0002, as at ...")."""
    return footer.split("Data version ")[-1].split(",")[0]


@dataclass
class Page:
    """What one run of the page sent: its select boxes (label -> widget id), error boxes and
    exceptions, and the data version its footer names."""

    selectboxes: dict[str, str] = field(default_factory=dict)
    errors: int = 0
    exceptions: int = 0
    version: str = ""

    def read(self, message: ForwardMsg) -> None:
        if message.WhichOneof("type") != "delta" or message.delta.WhichOneof("type") != (
            "new_element"
        ):
            return
        element = message.delta.new_element
        kind = element.WhichOneof("type")
        if kind == "selectbox":
            self.selectboxes[element.selectbox.label] = element.selectbox.id
        elif kind == "exception":
            self.exceptions += 1
        elif kind == "alert" and element.alert.format == Alert.ERROR:
            self.errors += 1
        elif kind == "markdown" and "Data version " in element.markdown.body:
            self.version = version_named(element.markdown.body)


class MessageSession:
    """One user's connection to the app at `base` (http://host:port)."""

    def __init__(self, base: str, timeout_s: float) -> None:
        self.url = base.replace("http://", "ws://", 1) + "/_stcore/stream"
        self.timeout_s = timeout_s
        self.values: dict[str, str] = {}  # widget id -> the shown option chosen
        self.page = Page()
        self._socket = None

    async def open(self) -> float:
        """Connect and load the page afresh (no widget values): seconds to the whole page."""
        import websockets

        await self.close()
        self.values = {}
        self._socket = await websockets.connect(
            self.url, subprotocols=["streamlit"], max_size=None, open_timeout=self.timeout_s
        )
        return await self._run()

    async def choose(self, label: str, value: str) -> float:
        """Choose `value` in the select box labelled `label`: seconds to the whole page."""
        self.values[self.page.selectboxes[label]] = value
        return await self._run()

    async def close(self) -> None:
        if self._socket is not None:
            await self._socket.close()
            self._socket = None

    async def _run(self) -> float:
        message = BackMsg()
        for widget_id, value in self.values.items():
            state = message.rerun_script.widget_states.widgets.add()
            state.id = widget_id
            state.string_value = value
        message.rerun_script.query_string = ""
        started = time.perf_counter()
        await self._socket.send(message.SerializeToString())
        page = Page()
        async with asyncio.timeout(self.timeout_s):
            while True:
                answer = ForwardMsg()
                answer.ParseFromString(await self._socket.recv())
                page.read(answer)
                if answer.WhichOneof("type") == "script_finished":
                    break
        self.page = page
        return time.perf_counter() - started
