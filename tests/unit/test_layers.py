"""The house stays one-way (docs/ARCHITECTURE.md): imports point down the layers in `.importlinter`,
no two modules import each other in a loop, and an import hidden inside a function says why."""
import ast
import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "chamabora"


def test_imports_point_down_the_layers():
    lint = Path(sys.executable).with_name("lint-imports")
    run = subprocess.run([str(lint), "--no-cache", "--config", str(ROOT / ".importlinter")],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert "0 broken" in run.stdout


def strongly_connected(graph: grimp.ImportGraph) -> list[set[str]]:
    """Tarjan's algorithm, iterative: every loop of imports, as the set of modules it ties."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    loops: list[set[str]] = []
    counter = 0
    for start in sorted(graph.modules):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.find_modules_directly_imported_by(start))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child)))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                loop = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    loop.add(member)
                    if member == node:
                        break
                if len(loop) > 1:
                    loops.append(loop)
    return loops


def test_no_module_imports_itself_through_others():
    graph = grimp.build_graph("chamabora", include_external_packages=False)
    # A package's __init__ that hands on its children's names is tied to them by construction.
    loops = [sorted(loop) for loop in strongly_connected(graph)
             if not all(any(other.startswith(m + ".") or m.startswith(other + ".") for other in loop if other != m)
                        for m in loop)]
    assert loops == []


def has_a_reason(lines: list[str], at: int) -> bool:
    """A comment on the import's line, or above the block of imports it belongs to."""
    while at >= 0:
        line = lines[at].strip()
        if "#" in line:
            return True
        if not line.startswith(("import ", "from ")):
            return False
        at -= 1
    return False


def hidden_imports_without_a_reason(path: Path) -> list[str]:
    source = path.read_text()
    lines = source.splitlines()
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for inner in ast.walk(node):
            if isinstance(inner, (ast.Import, ast.ImportFrom)):
                if not has_a_reason(lines, inner.lineno - 1):
                    found.append(f"{path.relative_to(ROOT)}:{inner.lineno}: {lines[inner.lineno - 1].strip()}")
    return found


def test_an_import_inside_a_function_names_its_reason():
    found = [line for path in sorted(PACKAGE.rglob("*.py")) for line in hidden_imports_without_a_reason(path)]
    assert found == []
