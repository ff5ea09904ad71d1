"""Bounds on what an agency's template may cost to render (security review F8).

A template is data written by an agency head, but loops multiply: ``{% for a in case_title %}`` three
deep over a 200-character field printed 8,000,000 characters in 4 s, five deep would exhaust memory.
So a template may nest loops at most ``MAX_LOOP_DEPTH`` deep (refused when it is saved, and again
before it is rendered, for templates saved before the rule), and every render runs on a budget: loop
turns, characters written and seconds, whichever runs out first stops it with a plain refusal.

Both engines are covered: Django templates (HTML) by instrumenting the compiled nodes, Word
templates (docxtpl, Jinja2 in its sandbox) by rewriting each ``for`` to count its turns.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from typing import Any

from django.template.base import Node, TextNode, VariableNode
from django.template.defaulttags import ForNode
from django.templatetags.i18n import BlockTranslateNode, TranslateNode
from django.utils.translation import gettext_lazy as _

from sanxiang.core.errors import Invalid

MAX_LOOP_DEPTH = 2  # a table of rows of cells; deeper nesting only multiplies
MAX_LOOP_TURNS = 100_000  # turns of all loops in one render
MAX_OUTPUT_CHARS = 2_000_000  # characters one render may write (a document is a few pages)
MAX_RENDER_SECONDS = 10.0

_BUDGET = "_sanxiang_render_budget"  # the Context attribute the instrumented nodes read
_OUTPUT_NODES = (TextNode, VariableNode, TranslateNode, BlockTranslateNode)


def too_deep(depth: int, field: str) -> Invalid:
    return Invalid(
        "template_loops_too_deep",
        _(
            "The template nests loops %(depth)d deep; at most %(max)d are allowed (a loop inside a loop), "
            "because each level multiplies the length of the document."
        )
        % {"depth": depth, "max": MAX_LOOP_DEPTH},
        field=field,
    )


def _too_large(field: str) -> Invalid:
    return Invalid(
        "template_output_too_large",
        _(
            "The document would be too long: its template repeats text too many times (at most "
            "%(chars)s characters and %(turns)s loop turns). Simplify the loops in the template."
        )
        % {"chars": f"{MAX_OUTPUT_CHARS:,}", "turns": f"{MAX_LOOP_TURNS:,}"},
        field=field,
    )


class Budget:
    """What one render may still spend; ``field`` names the template in the refusal."""

    def __init__(self, field: str) -> None:
        self.field = field
        self.turns = 0
        self.chars = 0
        self.deadline = time.monotonic() + MAX_RENDER_SECONDS

    def turn(self) -> None:
        self.turns += 1
        if self.turns > MAX_LOOP_TURNS or (self.turns % 256 == 0 and time.monotonic() > self.deadline):
            raise _too_large(self.field)

    def write(self, count: int) -> None:
        self.chars += count
        if self.chars > MAX_OUTPUT_CHARS or time.monotonic() > self.deadline:
            raise _too_large(self.field)

    def counted(self, values: Iterable[Any]) -> Iterator[Any]:
        for value in values:
            self.turn()
            yield value


# --- Django templates (HTML) -------------------------------------------------------------------


def _children(node: Node) -> Iterator[Node]:
    for attr in node.child_nodelists:
        yield from getattr(node, attr, None) or ()


def django_loop_depth(nodes: Iterable[Node]) -> int:
    deepest = 0
    for node in nodes:
        inner = django_loop_depth(_children(node))
        deepest = max(deepest, inner + 1 if isinstance(node, ForNode) else inner)
    return deepest


class _CountedSequence:
    """What a ForNode iterates: the resolved sequence, charging the budget per item. ForNode takes
    ``len()`` first and may reverse it, so both are kept."""

    def __init__(self, values: Any, budget: Budget) -> None:
        self.values = values if hasattr(values, "__len__") else list(values)
        self.budget = budget

    def __len__(self) -> int:
        return len(self.values)

    def __iter__(self) -> Iterator[Any]:
        return self.budget.counted(self.values)

    def __reversed__(self) -> Iterator[Any]:
        return self.budget.counted(reversed(self.values))


class _CountedExpression:
    def __init__(self, expression: Any) -> None:
        self.expression = expression

    def resolve(self, context: Any, ignore_failures: bool = False) -> Any:
        values = self.expression.resolve(context, ignore_failures=ignore_failures)
        budget = getattr(context, _BUDGET, None)
        if values is None or budget is None:
            return values
        return _CountedSequence(values, budget)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.expression, name)


def _count_output(node: Node) -> None:
    original = node.render_annotated

    def render_annotated(context: Any) -> Any:
        out = original(context)
        budget = getattr(context, _BUDGET, None)
        if budget is not None:
            budget.write(len(str(out)))
        return out

    node.render_annotated = render_annotated  # type: ignore[method-assign]


def instrument(nodes: Iterable[Node]) -> None:
    """Make a compiled template charge a ``Budget`` set on the Context (see ``render``); done once
    per compiled template."""
    for node in nodes:
        if getattr(node, "_sanxiang_counted", False):
            continue
        node._sanxiang_counted = True  # type: ignore[attr-defined]
        if isinstance(node, ForNode):
            node.sequence = _CountedExpression(node.sequence)  # type: ignore[assignment]
        if isinstance(node, _OUTPUT_NODES):
            _count_output(node)
        instrument(_children(node))


def render(template: Any, context: Any, field: str = "body") -> str:
    instrument(template.nodelist)
    setattr(context, _BUDGET, Budget(field))
    return str(template.render(context))


# --- Jinja2 (Word templates) -------------------------------------------------------------------


def jinja_loop_depth(node: Any) -> int:
    from jinja2 import nodes

    deepest = 0
    for child in node.iter_child_nodes():
        inner = jinja_loop_depth(child)
        deepest = max(deepest, inner + 1 if isinstance(child, nodes.For) else inner)
    return deepest


def bounded_jinja_environment(budget: Budget | None = None, **options: Any) -> Any:
    """A sandboxed environment that refuses loops nested too deep and, when given a budget, counts
    every loop turn (each ``for`` is rewritten to iterate through a counting filter) and every value
    written."""
    from jinja2 import nodes
    from jinja2.sandbox import SandboxedEnvironment

    class Bounded(SandboxedEnvironment):
        def _parse(self, source: str, name: str | None, filename: str | None) -> Any:
            tree = super()._parse(source, name, filename)
            depth = jinja_loop_depth(tree)
            if depth > MAX_LOOP_DEPTH:
                raise too_deep(depth, "docx")
            if budget is not None:
                for loop in tree.find_all(nodes.For):
                    loop.iter = nodes.Filter(loop.iter, "sanxiang_counted", [], [], None, None)
            return tree

    if budget is not None:

        def finalize(value: Any) -> Any:
            budget.write(len(str(value)) if value is not None else 0)
            return value

        options["finalize"] = finalize
    environment = Bounded(**options)
    if budget is not None:
        environment.filters["sanxiang_counted"] = budget.counted
    return environment
