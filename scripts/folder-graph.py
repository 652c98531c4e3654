#!/usr/bin/env python3
"""Which folders of a Swift target use which: a folder uses another when one of its files names a type,
function or constant declared at the top level of a file there. Prints the edges, and exits 1 naming the
folders of each cycle, so the folders stay a one-way stack.

    scripts/folder-graph.py Sources/PortalCore            # the check (CI runs it)
    scripts/folder-graph.py Sources/PortalCore --why A B  # the names folder A takes from folder B
"""
import os, re, sys

DECLARATION = re.compile(r"^(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:package|public|internal|fileprivate|private|final|nonisolated|indirect)\s+)*"
                         r"(?:struct|enum|class|protocol|actor|typealias|func|let|var)\s+([A-Za-z_]\w*)", re.M)
EXTENSION = re.compile(r"^(?:(?:package|public|internal|fileprivate|private)\s+)?extension\s+([A-Za-z_][\w.]*)", re.M)
IDENTIFIER = re.compile(r"[A-Za-z_]\w*")
COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)
STRING = re.compile(r'#"""(?:.|\n)*?"""#|"""(?:.|\n)*?"""|#"(?:[^"\\]|\\.)*"#|"(?:[^"\\\n]|\\.)*"')


def folder_of(root, path):
    relative = os.path.relpath(path, root)
    return relative.split(os.sep)[0] if os.sep in relative else "."


def main():
    root = sys.argv[1]
    sources = {}
    for directory, _, files in os.walk(root):
        for name in files:
            if name.endswith(".swift"):
                path = os.path.join(directory, name)
                text = STRING.sub('""', COMMENT.sub("", open(path, encoding="utf-8").read()))
                sources[path] = text
    # Top-level names only (no indentation): types, free functions and constants.
    declared = {}
    for path, text in sources.items():
        for match in DECLARATION.finditer(text):
            declared.setdefault(match.group(1), set()).add(folder_of(root, path))
    uses = {}
    for path, text in sources.items():
        here = folder_of(root, path)
        extended = {m.group(1).split(".")[0] for m in EXTENSION.finditer(text)}
        for name in set(IDENTIFIER.findall(text)) | extended:
            for there in declared.get(name, ()):
                if there != here and here not in declared.get(name, ()):
                    uses.setdefault(here, {}).setdefault(there, set()).add(name)
    if len(sys.argv) > 3 and sys.argv[2] == "--why":
        print(" ".join(sorted(uses.get(sys.argv[3], {}).get(sys.argv[4], ()))))
        return 0
    # Strongly connected components (Tarjan): each of more than one folder is a cycle.
    index, low, stack, on_stack, components, counter = {}, {}, [], set(), [], [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for next_node in uses.get(node, {}):
            if next_node not in index:
                visit(next_node)
                low[node] = min(low[node], low[next_node])
            elif next_node in on_stack:
                low[node] = min(low[node], index[next_node])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            components.append(component)

    folders = sorted({folder_of(root, p) for p in sources})
    sys.setrecursionlimit(10000)
    for folder in folders:
        if folder not in index:
            visit(folder)
    for folder in folders:
        targets = sorted(uses.get(folder, {}))
        print(f"{folder} -> {', '.join(targets) if targets else '(nothing)'}")
    cycles = [sorted(c) for c in components if len(c) > 1]
    for cycle in cycles:
        print(f"cycle: {' ⇄ '.join(cycle)}", file=sys.stderr)
        for a in cycle:
            for b in cycle:
                if b in uses.get(a, {}):
                    print(f"  {a} uses {b}: {', '.join(sorted(uses[a][b])[:8])}", file=sys.stderr)
    return 1 if cycles else 0


sys.exit(main())
