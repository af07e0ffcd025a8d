"""Serve a Streamlit script over HTTP: ``python -m armsdash.web.serve dashboard.py --port 8501 [--address 0.0.0.0]``.

What ``make run``, the team replicas, the tests and the benchmarks start instead of ``streamlit run``: the same
app (Streamlit's documented ``st.App`` around the script) served by uvicorn, which binds the address itself.
Streamlit's settings come from ``.streamlit/config.toml``: its ``STREAMLIT_*`` environment variables are read by
``streamlit run``'s command line, so not here (but for the secret ones). The one the app takes from the environment,
the upload limit, it reads itself (``config.upload_max_mb``).

Why: Streamlit 1.67's ``streamlit run`` binds its listening socket itself with the protocol number left at 0, and
asyncio switches Nagle's algorithm off (``TCP_NODELAY``) only on connections whose socket says TCP. With Nagle
on, each script run's second small message waits for the browser's delayed acknowledgement, up to 40 ms on Linux:
every filter change of every viewer paid it (a run of the Update page took 48-56 ms over the websocket, 17-31 ms
served this way; ``docs/benchmarks.md``, *Delivery pages*). The same bug in uvicorn's own pre-bound sockets is
uvicorn issue #3149; binding by host and port, as here, is the path it does not affect.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

# Streamlit's own settings for its websocket (streamlit/web/server/starlette/starlette_server.py, 1.67): the
# sans-I/O websockets implementation, pings every 30 s, no compression (server.enableWebsocketCompression).
WEBSOCKET = {"ws": "websockets-sansio", "ws_ping_interval": 30.0, "ws_ping_timeout": 30.0,
             "ws_per_message_deflate": False}
GRACEFUL_STOP_SECONDS = 3  # open tabs would otherwise hold a stopping server until they close


def main(argv: list[str] | None = None) -> int:
    """Serve the script until stopped (Ctrl-C or SIGTERM)."""
    parser = argparse.ArgumentParser(prog="python -m armsdash.web.serve", description=__doc__.splitlines()[0])
    parser.add_argument("script", type=Path, help="the Streamlit script, e.g. dashboard.py")
    parser.add_argument("--port", type=int, default=8501)
    parser.add_argument("--address", default="0.0.0.0", help="the address to listen on (default: every one)")
    args = parser.parse_args(argv)
    if not args.script.is_file():
        print(f"No such script: {args.script}", file=sys.stderr)
        return 2
    import streamlit as st
    import uvicorn

    app = st.App(args.script.resolve())
    print(f"Serving {args.script} on http://{args.address}:{args.port}", flush=True)
    uvicorn.run(app, host=args.address, port=args.port, access_log=False, log_level="warning",
                timeout_graceful_shutdown=GRACEFUL_STOP_SECONDS, **WEBSOCKET)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
