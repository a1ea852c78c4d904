"""YAML aliases, bounded: front matter, Hugo's YAML config and i18n files pass this
check between composing and constructing.

An alias (`*a`) repeats the whole value its anchor (`&a`) names, so ten short
lines can stand for a billion strings ("billion laughs"). PyYAML builds the
copies as one shared object, which is cheap, but everything after it (merging
config files, hashing for the cache, templates walking params) pays for the
whole expansion: minutes and gigabytes. An alias inside the value it names
makes a value that contains itself, which no walk ends. So the composed node
graph is measured first, each shared node once, and such a file is refused
at the place where the expansion passes the limit.
"""

from __future__ import annotations

import yaml

# Values that aliases may add beyond the file's own. Real front matter and config
# repeat a few tables with `<<: *defaults`: dozens, not thousands.
MAX_ALIASED = 100_000
TOO_BIG = f"aliases expand to more than {MAX_ALIASED:,} values"
CYCLE = "an alias refers to a value that contains it"
ALIAS_HINTS = {  # problem -> hint, for the readers' messages
    TOO_BIG: "an alias (*name) repeats the whole value its anchor names; repeat less, or write it out",
    CYCLE: "an anchor's value cannot hold an alias to itself",
}


def check_aliases(root: yaml.Node | None) -> None:
    """Raise a positioned `yaml.composer.ComposerError` if aliases make root's value
    too big or make it contain itself; return quietly otherwise."""
    if root is None:
        return
    sizes: dict[int, int] = {}  # node id -> nodes in its expansion, itself included
    open_: set[int] = set()  # nodes whose children are still being measured
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, measured = stack.pop()
        if measured:
            open_.discard(id(node))
            sizes[id(node)] = 1 + sum(sizes[id(child)] for child in _children(node))
            if sizes[id(node)] > len(sizes) + MAX_ALIASED:
                _fail(TOO_BIG, node)
            continue
        if id(node) in sizes:
            continue
        open_.add(id(node))
        stack.append((node, True))
        for child in _children(node):
            if id(child) in open_:
                _fail(CYCLE, node)
            if id(child) not in sizes:
                stack.append((child, False))


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def _fail(problem: str, node: yaml.Node) -> None:
    raise yaml.composer.ComposerError(None, None, problem, node.start_mark)
