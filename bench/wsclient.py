"""A minimal Streamlit client over the websocket protocol: what a browser tab asks the server to do.

It connects to ``/_stcore/stream``, asks for a script run of a page (as the browser does on
load and on every widget change) and reads ForwardMsgs until ``script_finished``, keeping
what a user would see that matters to the drills and the load simulation: errors and
exceptions, markdown/caption text (e.g. "Data version 3"), charts and the run's duration.
No browser, no rendering: many sessions fit on one machine.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates


@dataclass
class RunResult:
    """What one script run sent to the client."""

    elapsed_ms: float = 0.0
    status: str = ""  # how the run finished: FINISHED_SUCCESSFULLY, FINISHED_WITH_COMPILE_ERROR, ...
    errors: list[str] = field(default_factory=list)  # exceptions and st.error texts
    texts: list[str] = field(default_factory=list)  # markdown, captions, headings
    n_charts: int = 0
    first_chart: tuple[str, str] | None = None  # the first chart's figure and config, as JSON
    page_not_found: bool = False  # the server said so (it still runs the default page)
    selectboxes: dict[str, list[str]] = field(default_factory=dict)  # label -> options
    widget_ids: dict[str, str] = field(default_factory=dict)  # selectbox label -> widget id
    n_messages: int = 0
    n_bytes: int = 0
    arrivals: list[tuple[str, float]] = field(default_factory=list)  # each element's type and ms since the request

    def gap_after_first_chart_ms(self) -> float | None:
        """Ms between the first chart's arrival and the next element's (None without both)."""
        kinds = [kind for kind, _ms in self.arrivals]
        if "plotly_chart" not in kinds or kinds.index("plotly_chart") + 1 >= len(kinds):
            return None
        at = kinds.index("plotly_chart")
        return self.arrivals[at + 1][1] - self.arrivals[at][1]

    @property
    def ok(self) -> bool:
        """True when the run finished normally and showed no error."""
        return self.status == "FINISHED_SUCCESSFULLY" and not self.errors


class Session:
    """One websocket session (one browser tab) on a running server."""

    def __init__(self, base_url: str):
        self.url = base_url.replace("http://", "ws://").rstrip("/") + "/_stcore/stream"
        self.ws = None

    async def __aenter__(self) -> "Session":
        self.ws = await websockets.connect(self.url, subprotocols=["streamlit"], max_size=2**27,
                                           open_timeout=60, ping_interval=None)
        return self

    async def __aexit__(self, *exc) -> None:
        await self.ws.close()

    async def run(self, page: str = "", query: dict[str, str] | None = None, timeout: float = 120,
                  selections: dict[str, str] | None = None) -> RunResult:
        """Ask for a run of ``page`` (its url_path; "" for the default) with ``query``; wait for its end.

        ``selections`` maps selectbox widget ids to the option label chosen, as a user's
        change of a filter sends it.
        """
        widgets = WidgetStates(widgets=[WidgetState(id=wid, string_value=label)
                                        for wid, label in (selections or {}).items()])
        state = ClientState(query_string=urlencode(query or {}), page_name=page, widget_states=widgets)
        message = BackMsg(rerun_script=state)
        result = RunResult()
        started = time.perf_counter()
        await self.ws.send(message.SerializeToString())
        deadline = started + timeout
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                result.status = "TIMEOUT"
                break
            raw = await asyncio.wait_for(self.ws.recv(), remaining)
            msg = ForwardMsg()
            msg.ParseFromString(raw)
            result.n_messages += 1
            result.n_bytes += len(raw)
            kind = msg.WhichOneof("type")
            if kind == "delta":
                _read_delta(msg.delta, result)
                if msg.delta.WhichOneof("type") == "new_element":
                    result.arrivals.append((msg.delta.new_element.WhichOneof("type"),
                                            (time.perf_counter() - started) * 1000))
            elif kind == "page_not_found":
                result.page_not_found = True
            elif kind == "script_finished":
                result.status = ForwardMsg.ScriptFinishedStatus.Name(msg.script_finished)
                # a rerun request supersedes a run; only a real end counts
                if result.status != "FINISHED_EARLY_FOR_RERUN":
                    break
        result.elapsed_ms = (time.perf_counter() - started) * 1000
        return result


async def send_clear_cache(base_url: str) -> None:
    """Send Streamlit's clear-cache message, as any viewer's browser can (its menu item is hidden, not refused)."""
    async with Session(base_url) as session:
        await session.ws.send(BackMsg(clear_cache=True).SerializeToString())
        await asyncio.sleep(0.5)  # the server handles it on its event loop; give it time before closing


def _read_delta(delta, result: RunResult) -> None:
    if delta.WhichOneof("type") != "new_element":
        return
    element = delta.new_element
    kind = element.WhichOneof("type")
    if kind == "exception":
        result.errors.append(f"{element.exception.type}: {element.exception.message}")
    elif kind == "alert" and element.alert.format == 1:  # Alert.Format.ERROR
        result.errors.append(element.alert.body)
    elif kind in ("markdown", "heading"):
        result.texts.append(getattr(element, kind).body)
    elif kind == "plotly_chart":
        result.n_charts += 1
        if result.first_chart is None:
            result.first_chart = (element.plotly_chart.spec, element.plotly_chart.config)
    elif kind == "selectbox":
        result.selectboxes[element.selectbox.label] = list(element.selectbox.options)
        result.widget_ids[element.selectbox.label] = element.selectbox.id


async def run_once(base_url: str, page: str = "", query: dict[str, str] | None = None) -> RunResult:
    """Open a session, run ``page`` once, close it."""
    async with Session(base_url) as session:
        return await session.run(page, query)
