#!/usr/bin/env python3
"""Draws a Chrome trace-event file written by `vck profile --trace` or
`vck emulate --timeline` as an SVG: one row per QPU thread, one coloured bar
per interval. Usage: trace_svg.py TRACE.json OUT.svg [--until MICROSECONDS]"""
import json
import sys

COLOURS = {
    "running": "#3a7d44",
    "waiting on TMU": "#d1495b",
    "waiting on SFU": "#edae49",
    "waiting at barrier": "#00798c",
    "waiting for uniforms": "#8d6a9f",
    "switched out": "#d9d9d9",
}


def main() -> None:
    args = sys.argv[1:]
    until = None
    if "--until" in args:
        index = args.index("--until")
        until = float(args[index + 1])
        del args[index : index + 2]
    source, target = args
    events = [e for e in json.load(open(source))["traceEvents"] if e.get("ph") == "X"]
    if until is not None:
        events = [e for e in events if e["ts"] < until]
    rows = sorted({(e["pid"], e["tid"]) for e in events})
    end = max(e["ts"] + e["dur"] for e in events) if until is None else until
    width, left, row_height, top = 1000, 110, 18, 30
    scale = (width - left - 10) / end
    height = top + row_height * len(rows) + 60
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        'font-family="sans-serif" font-size="11">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        f'<text x="{left}" y="18">modelled Pi 4 time, 0 to {end:.1f} µs</text>',
    ]
    for index, (pid, tid) in enumerate(rows):
        y = top + index * row_height
        out.append(f'<text x="4" y="{y + 12}">QPU {pid} thread {tid}</text>')
    # Running first, then waits on top of it.
    order = {name: rank for rank, name in enumerate(COLOURS)}
    for event in sorted(events, key=lambda e: order.get(e["name"], 99)):
        y = top + rows.index((event["pid"], event["tid"])) * row_height
        x = left + event["ts"] * scale
        w = max(event["dur"] * scale, 0.3)
        inset = 0 if event["name"] in ("running", "switched out") else 4
        colour = COLOURS.get(event["name"], "#000")
        out.append(
            f'<rect x="{x:.2f}" y="{y + 2 + inset}" width="{w:.2f}" '
            f'height="{row_height - 4 - 2 * inset}" fill="{colour}"/>'
        )
    y = top + len(rows) * row_height + 20
    x = left
    for name, colour in COLOURS.items():
        out.append(f'<rect x="{x}" y="{y}" width="12" height="12" fill="{colour}"/>')
        out.append(f'<text x="{x + 16}" y="{y + 10}">{name}</text>')
        x += 16 + 7 * len(name) + 20
    out.append("</svg>")
    open(target, "w").write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
