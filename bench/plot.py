"""Scaling plot: seconds (min of runs, whole process) against resources, log-log, one panel per framework.

Usage (with the peers' interpreter, which has matplotlib): plot.py results.json scaling.png
"""

from __future__ import annotations

import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

STYLE = {
    "stackcheck": {"color": "#d62728", "marker": "o", "linewidth": 2.5},
    "parse floor": {"color": "#d62728", "marker": ".", "linestyle": ":"},
    "cfn-lint": {"color": "#1f77b4", "marker": "s"},
    "cloudformation-validate": {"color": "#2ca02c", "marker": "^"},
    "checkov": {"color": "#9467bd", "marker": "D"},
    "terraform validate": {"color": "#8c564b", "marker": "v"},
}


def main(src: str, dst: str) -> None:
    with open(src) as fh:
        data = json.load(fh)
    cases = {c["name"]: c for c in data["cases"]}
    fig, axes = plt.subplots(1, 2, figsize=(12, 5), sharey=True)
    for ax, (fw, title) in zip(axes, (("terraform", "Terraform (one root module)"),
                                      ("cloudformation", "CloudFormation (templates of at most 500)")),
                               strict=True):
        for tool, style in STYLE.items():
            mine = {r["case"]: r["min"] for r in data["results"] if r["tool"] == tool}
            if "cfn-1000" not in mine and "cfn-1000-single" in mine:  # the peers skip the split 1,000
                mine["cfn-1000"] = mine["cfn-1000-single"]
            points = sorted((cases[name]["resources"], secs) for name, secs in mine.items()
                            if cases[name]["framework"] == fw and cases[name]["series"])
            if points:
                ax.plot([p[0] for p in points], [p[1] for p in points], label=tool, **style)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_title(title)
        ax.set_xlabel("resources")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8)
    axes[0].set_ylabel("seconds, whole process (min of runs)")
    m = data["meta"]
    fig.suptitle(f"stackcheck speed benchmark, {m['machine']}, load {m['load_start']}", fontsize=10)
    fig.tight_layout()
    fig.savefig(dst, dpi=110)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
