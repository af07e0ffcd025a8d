"""Chart images rendered on the server: Plotly's static export through Kaleido, which drives Debian's Chromium.

One Chromium is started per batch of figures and renders them one after another (starting it costs ~5 s; each
image then ~0.5 s), so a briefing pack of six charts takes one start, not six. No Streamlit here.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import Callable, Sequence

import plotly.graph_objects as go

SLIDE_WIDTH_PX, SLIDE_HEIGHT_PX, PRINT_SCALE = 1600, 900, 2  # 3200 px across: ~260 dpi on a 12-inch-wide image


class ImageEngineMissing(RuntimeError):
    """The server cannot render chart images (no Chromium, or Kaleido not installed)."""


def engine_problem() -> str | None:
    """Why chart images cannot be rendered here, in words for the reader; None when they can."""
    try:
        import kaleido  # noqa: F401
        from choreographer.browsers.chromium import Chromium
    except ImportError:
        return ("Chart images cannot be made on this server: the Python package kaleido is not installed "
                "(`make run` installs it from requirements.txt).")
    if not Chromium.find_browser(skip_local=False):
        return ("Chart images cannot be made on this server: Chromium is not installed. `make run` installs "
                "Debian's chromium package; ask whoever runs the dashboard to run it once.")
    return None


def image_size(fig: go.Figure) -> tuple[int, int]:
    """The width and height (CSS pixels) to draw ``fig`` at: slide width, and its own height where it sets one."""
    height = fig.layout.height
    return SLIDE_WIDTH_PX, int(height) if height else SLIDE_HEIGHT_PX


async def _render(figures: Sequence[go.Figure], scale: int, progress: Callable[[int], None] | None) -> list[bytes]:
    import kaleido

    images = []
    async with kaleido.Kaleido(n=1, mathjax=False) as engine:  # no MathJax: it would be fetched from the network
        for done, fig in enumerate(figures):
            width, height = image_size(fig)
            images.append(await engine.calc_fig(fig.to_dict(), opts={"format": "png", "width": width,
                                                                     "height": height, "scale": scale}))
            if progress:
                progress(done + 1)
    return images


def render_png(figures: Sequence[go.Figure], *, scale: int = PRINT_SCALE,
               progress: Callable[[int], None] | None = None) -> list[bytes]:
    """PNG images of ``figures``, one Chromium for all; ``progress(n)`` is called after the n-th image.

    Raises ImageEngineMissing, with a reason a reader can act on, when images cannot be made here.
    """
    problem = engine_problem()
    if problem:
        raise ImageEngineMissing(problem)
    if not figures:
        return []
    try:
        asyncio.get_running_loop()
    except RuntimeError:  # the usual case (a Streamlit script thread): run here, so progress reaches the page
        return asyncio.run(_render(list(figures), scale, progress))
    # this thread already runs an event loop (e.g. a caller using Playwright's sync API): render in a worker thread
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as worker:
        return worker.submit(lambda: asyncio.run(_render(list(figures), scale, progress))).result()
