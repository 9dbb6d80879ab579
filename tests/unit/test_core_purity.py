"""The core stays pure: standard library and the core itself, nothing else."""
import ast
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "chamabora" / "core"


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def test_the_core_imports_only_the_standard_library():
    offenders = {}
    for path in sorted(CORE.rglob("*.py")):
        outside = {r for r in imported_roots(path) if r not in sys.stdlib_module_names and r != "__future__"}
        if outside:
            offenders[path.name] = sorted(outside)
    assert offenders == {}
    assert len(list(CORE.rglob("*.py"))) >= 10
