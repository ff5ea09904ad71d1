"""The flowchart (执法流程图) of a procedure, drawn from its table: the same transitions that the
engine enforces and the workbench offers, so the published chart cannot drift from the software.

``flowchart_svg(procedure)`` is a pure function (no database, no external tool) returning a
standalone SVG document:

- states are boxes with their Chinese labels; the initial state has a heavy border, final states
  are shaded;
- acts that move the case are arrows labelled with the act, placed top to bottom by longest-path
  layering of the table with its loops removed (a depth-first search from the initial state marks
  the edges that go back, e.g. refusing a transfer or serving a new notice after a hearing);
- an arrow spanning several layers passes through placeholder slots of the layers between, so it
  does not cut through boxes (the usual layered-drawing technique, kept simple);
- arrows that go back are drawn dashed along the right-hand side;
- acts that keep the state (recording a statement, approving an extension) are listed in the box
  under the state's name, marked ↻.

Every piece of text is XML-escaped."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from xml.sax.saxutils import escape, quoteattr

from django.utils.translation import gettext as _

from sanxiang.cases.enums import CaseState
from sanxiang.cases.procedures.acts import act_label
from sanxiang.cases.procedures.base import Procedure

STATE_FONT = 14
LOOP_FONT = 11
EDGE_FONT = 12
BOX_PAD_X = 14
BOX_HEIGHT = 36
LOOP_LINE = 15
LAYER_GAP = 64
NODE_GAP = 36
DUMMY_WIDTH = 24
MARGIN = 24
BACK_LANE = 26


def text_width(text: str, size: int) -> float:
    """Rough rendered width: CJK and full-width characters are a full em, others about half."""
    return sum(size if ord(ch) > 0x2E7F else size * 0.58 for ch in text)


@dataclass
class Node:
    key: str
    label: str = ""
    loops: list[str] = field(default_factory=list)
    dummy: bool = False
    initial: bool = False
    final: bool = False
    layer: int = 0
    x: float = 0.0  # left edge
    y: float = 0.0  # top edge
    width: float = DUMMY_WIDTH
    height: float = 0.0

    @property
    def cx(self) -> float:
        return self.x + self.width / 2


@dataclass
class Edge:
    source: str
    target: str
    label: str
    back: bool = False
    chain: list[str] = field(default_factory=list)  # node keys from source to target, dummies between


def _graph(
    procedure: Procedure,
) -> tuple[dict[str, list[str]], dict[tuple[str, str], list[str]], dict[str, list[str]]]:
    """Successors in table order, act labels per (source, target), and the acts that keep a state."""
    succ: dict[str, list[str]] = defaultdict(list)
    acts: dict[tuple[str, str], list[str]] = defaultdict(list)
    loops: dict[str, list[str]] = defaultdict(list)
    for t in procedure.transitions:
        label = str(act_label(t.act))
        if t.source == t.target:
            if label not in loops[t.source]:
                loops[t.source].append(label)
            continue
        if t.target not in succ[t.source]:
            succ[t.source].append(t.target)
        if label not in acts[(t.source, t.target)]:
            acts[(t.source, t.target)].append(label)
    return succ, acts, loops


def _back_edges(procedure: Procedure, succ: dict[str, list[str]]) -> set[tuple[str, str]]:
    """Edges that close a cycle, found by an iterative depth-first search from the initial state
    (then from any state not reached, in table order)."""
    back: set[tuple[str, str]] = set()
    colour: dict[str, int] = {}  # 1 on the stack, 2 finished
    for root in (procedure.initial, *procedure.states):
        if root in colour:
            continue
        colour[root] = 1
        stack: list[tuple[str, Iterator[str]]] = [(root, iter(succ.get(root, [])))]
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                colour[node] = 2
                stack.pop()
            elif colour.get(child) == 1:
                back.add((node, child))
            elif child not in colour:
                colour[child] = 1
                stack.append((child, iter(succ.get(child, []))))
    return back


def _layers(procedure: Procedure, succ: dict[str, list[str]], back: set[tuple[str, str]]) -> dict[str, int]:
    """Longest path from the sources of the acyclic graph (Kahn's order)."""
    states: list[str] = [str(s) for s in procedure.states]
    forward = {s: [t for t in succ.get(s, []) if (s, t) not in back] for s in states}
    indegree = {s: 0 for s in states}
    for targets in forward.values():
        for t in targets:
            indegree[t] += 1
    layer = {s: 0 for s in states}
    ready = [s for s in states if indegree[s] == 0]
    while ready:
        s = ready.pop(0)
        for t in forward[s]:
            layer[t] = max(layer[t], layer[s] + 1)
            indegree[t] -= 1
            if indegree[t] == 0:
                ready.append(t)
    return layer


def _layout(procedure: Procedure) -> tuple[dict[str, Node], list[Edge], list[list[str]]]:
    succ, acts, loops = _graph(procedure)
    back = _back_edges(procedure, succ)
    layer_of = _layers(procedure, succ, back)
    nodes: dict[str, Node] = {}
    for s in procedure.states:
        label = str(CaseState(s).label)
        node = Node(
            s,
            label=label,
            loops=loops.get(s, []),
            initial=s == procedure.initial,
            final=s in procedure.final,
            layer=layer_of[s],
        )
        widest = max([text_width(label, STATE_FONT), *(text_width("↻ " + x, LOOP_FONT) for x in node.loops)])
        node.width = widest + 2 * BOX_PAD_X
        node.height = BOX_HEIGHT + LOOP_LINE * len(node.loops)
        nodes[s] = node
    edges: list[Edge] = []
    for (source, target), labels in acts.items():
        edge = Edge(source, target, "／".join(labels), back=(source, target) in back)
        edge.chain = [source]
        if not edge.back:
            for between in range(layer_of[source] + 1, layer_of[target]):
                key = f"~{source}>{target}@{between}"
                nodes[key] = Node(key, dummy=True, layer=between)
                edge.chain.append(key)
        edge.chain.append(target)
        edges.append(edge)
    depth = max(n.layer for n in nodes.values()) + 1
    layers: list[list[str]] = [[] for _ in range(depth)]
    order: dict[str, int] = {str(s): i for i, s in enumerate(procedure.states)}
    for key, node in nodes.items():
        layers[node.layer].append(key)
    for row in layers:
        row.sort(key=lambda k: (order.get(k, len(order)), k))
    _order_layers(layers, edges)
    _place(nodes, layers)
    return nodes, edges, layers


def _order_layers(layers: list[list[str]], edges: list[Edge]) -> None:
    """A few downward sweeps of the barycentre heuristic: each node goes under the mean position of
    its predecessors, which keeps a chain of acts straight and untangles most crossings."""
    preds: dict[str, list[str]] = defaultdict(list)
    for edge in edges:
        if edge.back:
            continue
        for a, b in pairwise(edge.chain):
            preds[b].append(a)
    for _sweep in range(4):
        position = {k: i for row in layers for i, k in enumerate(row)}
        for row in layers[1:]:
            keyed = []
            for i, k in enumerate(row):
                above = [position[p] for p in preds.get(k, [])]
                keyed.append((sum(above) / len(above) if above else i, i, k))
            row[:] = [k for _b, _i, k in sorted(keyed)]
            position.update({k: i for i, k in enumerate(row)})


def _place(nodes: dict[str, Node], layers: list[list[str]]) -> None:
    widths = [sum(nodes[k].width for k in row) + NODE_GAP * max(len(row) - 1, 0) for row in layers]
    total = max(widths)
    y = float(MARGIN)
    for row, width in zip(layers, widths, strict=True):
        x = MARGIN + (total - width) / 2
        height = max((nodes[k].height for k in row if not nodes[k].dummy), default=BOX_HEIGHT)
        for k in row:
            node = nodes[k]
            node.x, node.y = x, y
            if node.dummy:
                node.height = height
            x += node.width + NODE_GAP
        y += height + LAYER_GAP


def _text(x: float, y: float, content: str, size: int, cls: str, anchor: str = "middle") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" class="{cls}">'
        f"{escape(content)}</text>"
    )


def _bezier(p0: float, p1: float, p2: float, p3: float, u: float) -> float:
    v = 1 - u
    return v**3 * p0 + 3 * v * v * u * p1 + 3 * v * u * u * p2 + u**3 * p3


def _edge_svg(edge: Edge, nodes: dict[str, Node], lane_x: float, fan: tuple[int, int]) -> str:
    source, target = nodes[edge.source], nodes[edge.target]
    if edge.back:
        # Out of the side of the source, along the lane beyond every box, into the side of the target.
        left = lane_x < source.x
        x1 = source.x if left else source.x + source.width
        x2 = target.x - 2 if left else target.x + target.width + 2
        y1, y2 = source.y + source.height / 2, target.y + target.height / 2
        r = min(8.0, abs(y1 - y2) / 2)
        turn = r if left else -r
        path = (
            f"M{x1:.1f},{y1:.1f} H{lane_x + turn:.1f} Q{lane_x:.1f},{y1:.1f} {lane_x:.1f},{y1 - r:.1f} "
            f"V{y2 + r:.1f} Q{lane_x:.1f},{y2:.1f} {lane_x + turn:.1f},{y2:.1f} H{x2:.1f}"
        )
        label = _text(
            lane_x + (-4 if left else 4),
            (y1 + y2) / 2 + EDGE_FONT / 2,
            edge.label,
            EDGE_FONT,
            "act back",
            anchor="end" if left else "start",
        )
        return f'<path d="{path}" class="edge back" marker-end="url(#arrow)"/>{label}'
    points = [(source.cx, source.y + source.height)]
    for key in edge.chain[1:-1]:
        dummy = nodes[key]
        points += [(dummy.cx, dummy.y), (dummy.cx, dummy.y + dummy.height)]
    points.append((target.cx, target.y - 2))
    d = f"M{points[0][0]:.1f},{points[0][1]:.1f}"
    for (ax, ay), (bx, by) in pairwise(points):
        if ax == bx:
            d += f" L{bx:.1f},{by:.1f}"
        else:  # a gentle S between two slots
            mid = (ay + by) / 2
            d += f" C{ax:.1f},{mid:.1f} {bx:.1f},{mid:.1f} {bx:.1f},{by:.1f}"
    # The label sits on the first stretch, where the arrows leaving a box have spread out (or,
    # when several arrows meet at the target instead, before they meet).
    fan_out, fan_in = fan
    u = 0.72 if fan_out > 1 and fan_out >= fan_in else 0.4
    (ax, ay), (bx, by) = points[0], points[1]
    mid = (ay + by) / 2
    lx, ly = _bezier(ax, ax, bx, bx, u), _bezier(ay, mid, mid, by, u)
    label = _text(lx, ly + EDGE_FONT / 2 - 1, edge.label, EDGE_FONT, "act")
    return f'<path d="{d}" class="edge" marker-end="url(#arrow)"/>{label}'


def _node_svg(node: Node) -> str:
    cls = "state" + (" initial" if node.initial else "") + (" final" if node.final else "")
    parts = [
        f'<g class="{cls}" data-state={quoteattr(node.key)}>',
        f'<rect x="{node.x:.1f}" y="{node.y:.1f}" width="{node.width:.1f}" height="{node.height:.1f}" rx="6"/>',
        _text(node.cx, node.y + BOX_HEIGHT / 2 + STATE_FONT / 2 - 2, node.label, STATE_FONT, "label"),
    ]
    for i, loop in enumerate(node.loops):
        parts.append(_text(node.cx, node.y + BOX_HEIGHT + LOOP_LINE * i + 4, "↻ " + loop, LOOP_FONT, "loop"))
    parts.append("</g>")
    return "".join(parts)


STYLE = (
    "text{font-family:'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','PingFang SC',sans-serif;"
    "fill:#1f2933}"
    ".state rect{fill:#fff;stroke:#3e6fb0;stroke-width:1.5}"
    ".state.initial rect{stroke-width:3}"
    ".state.final rect{fill:#e8eef7}"
    ".label{font-weight:600}"
    ".loop{fill:#52606d}"
    ".edge{fill:none;stroke:#52606d;stroke-width:1.3}"
    ".edge.back{stroke-dasharray:5 4}"
    ".act{fill:#0b4f8a;stroke:#fff;stroke-width:4;stroke-linejoin:round;paint-order:stroke}"
)


def _side(edge: Edge, nodes: dict[str, Node], rows: list[list[str]]) -> str:
    """The side a back arrow takes: the one where its two horizontal stretches pass fewer boxes or
    arrows of the source's and the target's layers."""
    source, target = nodes[edge.source], nodes[edge.target]
    left = rows[source.layer].index(edge.source) + rows[target.layer].index(edge.target)
    right = (
        len(rows[source.layer])
        - 1
        - rows[source.layer].index(edge.source)
        + len(rows[target.layer])
        - 1
        - rows[target.layer].index(edge.target)
    )
    return "left" if left < right else "right"


def flowchart_svg(procedure: Procedure, title: str | None = None) -> str:
    """The procedure's flowchart as a standalone SVG document (UTF-8 text)."""
    nodes, edges, rows = _layout(procedure)
    real = [n for n in nodes.values() if not n.dummy]
    sides = {id(e): _side(e, nodes, rows) for e in edges if e.back}
    left_edges = [e for e in edges if sides.get(id(e)) == "left"]
    right_edges = [e for e in edges if sides.get(id(e)) == "right"]
    left_room = (
        BACK_LANE * len(left_edges) + max(text_width(e.label, EDGE_FONT) for e in left_edges) + 8
        if left_edges
        else 0.0
    )
    for node in nodes.values():
        node.x += left_room
    right = max(n.x + n.width for n in nodes.values())
    lanes: dict[int, float] = {}
    for i, edge in enumerate(left_edges):
        lanes[id(edge)] = MARGIN + left_room - BACK_LANE * (i + 1)
    for i, edge in enumerate(right_edges):
        lanes[id(edge)] = right + BACK_LANE * (i + 1)
    right_labels = max((text_width(e.label, EDGE_FONT) for e in right_edges), default=0.0)
    width = (right + BACK_LANE * len(right_edges) + right_labels + 8 if right_edges else right) + MARGIN
    height = max(n.y + n.height for n in real) + MARGIN
    heading = title or str(_("Flowchart of the %(procedure)s") % {"procedure": procedure.kind.label})
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" aria-labelledby="title">',
        f'<title id="title">{escape(heading)}</title>',
        f"<style>{STYLE}</style>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#52606d"/></marker></defs>',
    ]
    fan_out = Counter(e.source for e in edges if not e.back)
    fan_in = Counter(e.target for e in edges if not e.back)
    for edge in edges:
        lane = lanes.get(id(edge), 0.0)
        out.append(_edge_svg(edge, nodes, lane, (fan_out[edge.source], fan_in[edge.target])))
    out.extend(_node_svg(n) for n in real)
    out.append("</svg>")
    return "\n".join(out) + "\n"
