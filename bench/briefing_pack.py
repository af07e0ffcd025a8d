"""Time a six-chart briefing pack: chart images rendered by Kaleido (one Chromium), then the PowerPoint and the PDF.

    python -m bench.briefing_pack [--repeat 3]

The six charts are the Suppliers and Arsenal pages' charts for India on the bundled data (shares, published vs
computed, concentration, comparison, published inventory, estimate from deliveries), built by the same figure
builders; each image is 1600 px wide at scale 2, as the pack renders them.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from armsdash import metrics
from armsdash.charts import briefing, images
from armsdash.charts import dependency_charts as charts
from armsdash.store import build, db
from bench.common import machine, table


def six_figures(path: Path) -> list:
    """The six figures of the bench, from a store built from data/ at ``path``."""
    build.build_store(path)
    con = db.connect(str(path))
    version = db.current_version(con)
    params = {"from": 2009, "to": 2023, "combine_russia": 1}

    def run(name, **kw):
        return metrics.run_metric(con, name, kw, latest_version=version)

    estimate = run("arsenal_from_deliveries", recipient="IND", as_of=2024, combine_russia=1)
    figures = [
        charts.shares_stacked(run("supplier_shares_by_period", recipient="IND", top=5, **params), by="period",
                              title="India: suppliers' shares", source="Source: SIPRI"),
        charts.published_vs_computed(run("published_vs_computed", recipient="IND"), title="Published and computed",
                                     source="Source: SIPRI"),
        charts.concentration_lines(run("concentration", recipient="IND", window=5, **params), title="HHI",
                                   source="Source: SIPRI"),
        charts.concentration_compare(run("concentration_compare", recipients="IND,PAK,CHN", window=5, **params),
                                     title="HHI compared", source="Source: SIPRI"),
        charts.inventory_published(run("inventory_by_origin", recipient="IND"), title="Inventory", source="Press"),
        charts.arsenal_estimate(estimate, measure="tiv", title="Estimate", source="Source: SIPRI", assumption="lives"),
    ]
    con.close()
    return figures


def main() -> None:
    """Build the pack ``--repeat`` times and print the median of each step."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        figures = six_figures(Path(folder) / "armsdash.duckdb")
    steps: dict[str, list[float]] = {"images (6, one Chromium)": [], "PowerPoint": [], "PDF": [], "total": []}
    sizes = {}
    for _ in range(args.repeat):
        started = time.perf_counter()
        pngs = images.render_png(figures)
        rendered = time.perf_counter()
        link = "https://dash.example/suppliers?recipient=IND&v=1"
        pack = briefing.Pack("India: suppliers", link, "Data version 1", "citation", [],
                             [briefing.slide_for(f, p, version="Data version 1", link=link) for f, p in zip(figures,
                                                                                                          pngs)])
        pptx = briefing.pptx_bytes(pack)
        made_pptx = time.perf_counter()
        pdf = briefing.pdf_bytes(pack)
        done = time.perf_counter()
        for name, seconds in (("images (6, one Chromium)", rendered - started), ("PowerPoint", made_pptx - rendered),
                              ("PDF", done - made_pptx), ("total", done - started)):
            steps[name].append(seconds)
        sizes = {"PowerPoint": len(pptx), "PDF": len(pdf)}
    print(machine())
    print(table(["step", "median s", "min s", "max s"],
                [[name, statistics.median(v), min(v), max(v)] for name, v in steps.items()]))
    print(f"files: PowerPoint {sizes['PowerPoint'] / 1e6:.1f} MB, PDF {sizes['PDF'] / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
