"""The core stays pure: standard library and the core itself, nothing else."""
import ast
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "chamabora" / "core"


def outside_core(module: str) -> str:
    """The top package a module comes from; the core's own modules count as the standard library."""
    return "__future__" if module == "chamabora.core" or module.startswith("chamabora.core.") else module.split(".")[0]


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            roots |= {outside_core(alias.name) for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(outside_core(node.module))
    return roots


def test_the_core_imports_only_the_standard_library():
    offenders = {}
    for path in sorted(CORE.rglob("*.py")):
        outside = {r for r in imported_roots(path) if r not in sys.stdlib_module_names and r != "__future__"}
        if outside:
            offenders[path.name] = sorted(outside)
    assert offenders == {}
    assert len(list(CORE.rglob("*.py"))) >= 10
