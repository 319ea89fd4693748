"""The shape of the package, as rules a test can hold it to.

Every module of `layout/` is read with `ast` (nothing is imported) and held to
three rules.

Direction of imports. Each module belongs to a stage; a stage may import only
the stages below it (and itself):

    base (diagnostics, units, atomic, the package itself)
      < spec < fonts < compose < flow < page < plan < output, check < pipeline < cli

beside them two stages of their own: `importer` (OCR pages → an edition
folder) stands on the spec alone, and `batch` (many editions rendered by a
pool of processes or a Dask cluster) drives the pipeline; the command uses both.

with two refinements (MAY_IMPORT below spells out every stage):

* `plan.py` holds the PagePlan that the page stage builds and every exporter
  and checker reads (page → plan ← output, check). So page may import plan,
  and plan itself may import only base, spec, fonts and compose (a plan is
  made of composed glyphs), never flow or page.
* output and check read the plan, never the planner: they may not import flow
  or page. Nor do they import each other: a checker reads the files an exporter
  wrote, through the files, and neither needs the other's code, so there is no
  exception. (pipeline is where planning, writing and checking meet.)

Imports inside functions count as much as those at the top of a module.

ReportLab. Only the PDF adapter, `layout/output/pdf.py`, imports `reportlab`.

Pure stages. compose/, flow/, page/ and plan.py do no I/O and keep no state
between calls, so a page can be set twice, or in another process, with the
same result. They may not
* import an I/O or file-format module (os, pathlib, io, PIL, fontTools,
  pypdfium2, subprocess …): what they need from files is read by spec/ or
  fonts/ and handed to them as values;
* call open(), a path's open/read_text/read_bytes/write_text/write_bytes, or a
  file function of os;
* bind module-level mutable state: a module or class attribute assigned a
  dict, list or set (display or comprehension) or a dict(), list(), set(),
  defaultdict() … call, a function or method decorated with
  functools.lru_cache or functools.cache, or a `global` statement. Tables are
  tuples, frozensets or MappingProxyType; a memo lives in an object made for
  one run (the FontBook, a setter) and passed in.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "layout"

# The stages, lowest first, and the stages each may import besides itself:
# all those below it, but for the refinements of the docstring (plan needs
# only what composed lines need; output and check reach the page only
# through the plan).
_FOUNDATION = {"base", "spec", "fonts", "compose"}
MAY_IMPORT = {
    "base": set(),
    "spec": {"base"},
    "fonts": {"base", "spec"},
    "compose": {"base", "spec", "fonts"},
    "flow": _FOUNDATION,
    "page": _FOUNDATION | {"flow", "plan"},
    "plan": _FOUNDATION,
    "output": _FOUNDATION | {"plan"},
    "check": _FOUNDATION | {"plan"},
    "pipeline": _FOUNDATION | {"flow", "page", "plan", "output", "check"},
    "importer": {"base", "spec"},
    "batch": _FOUNDATION | {"flow", "page", "plan", "output", "check", "pipeline"},
    "cli": _FOUNDATION | {"flow", "page", "plan", "output", "check", "pipeline", "importer", "batch"},
}
BASE_MODULES = {"diagnostics", "units", "atomic", "file_digest"}
SUBPACKAGES = {"spec", "fonts", "compose", "flow", "page", "output", "check", "cli", "importer", "batch"}
PURE_STAGES = {"compose", "flow", "page", "plan"}

PDF_ADAPTER = "layout.output.pdf"

# Modules a pure stage may not import: files, processes, images, fonts, PDFs.
IO_MODULES = {"os", "pathlib", "io", "shutil", "tempfile", "glob", "fnmatch", "subprocess", "socket",
              "urllib", "http", "sqlite3", "mmap", "pickle", "shelve", "zipfile", "tarfile", "gzip",
              "PIL", "fontTools", "pypdfium2", "reportlab", "yaml"}
PATH_IO_METHODS = {"open", "read_text", "read_bytes", "write_text", "write_bytes"}
MUTABLE_CALLS = {"dict", "list", "set", "bytearray", "defaultdict", "OrderedDict", "Counter", "deque",
                 "ChainMap"}
MEMO_DECORATORS = {"lru_cache", "cache"}


@dataclass(frozen=True)
class Violation:
    file: str
    line: int
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: [{self.rule}] {self.message}"


# -- reading the package ---------------------------------------------------------------

def module_name(path: Path) -> str:
    """layout/compose/line_breaker.py → layout.compose.line_breaker; a package's
    __init__.py is the package."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def package_modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted((ROOT / PACKAGE).rglob("*.py"))}


def stage_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != PACKAGE:
        return None
    if len(parts) == 1 or parts[1] in BASE_MODULES:
        return "base"
    head = parts[1]
    if head in SUBPACKAGES:
        return head
    if head in ("plan", "pipeline"):
        return head
    if head == "publish":     # drives the render and the web and archive writers, as pipeline does
        return "pipeline"
    if head == "fork_map":    # how the pipeline shares a page's setting with a second core
        return "pipeline"
    if head == "__main__":
        return "cli"
    return None


@dataclass(frozen=True)
class Import:
    target: str       # the dotted module imported (for `from m import x`: m.x when that is a module)
    line: int


def imports_of(tree: ast.Module, module: str, is_package: bool, known: set[str]) -> list[Import]:
    """Every import of the module, at any depth, with relative ones resolved."""
    package = module if is_package else module.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [Import(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = package.split(".")
                base_parts = base_parts[:len(base_parts) - (node.level - 1)]
                base = ".".join(base_parts + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.append(Import(sub if sub in known else base, node.lineno))
    return list(dict.fromkeys(found))


def _top(name: str) -> str:
    return name.split(".")[0]


def _dotted(node: ast.AST) -> str:
    """os.path.exists for that attribute chain; '' for anything else."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return ""


# -- the rules -------------------------------------------------------------------------

def check_module(source: str, path: str, module: str, is_package: bool = False,
                 known: set[str] | None = None) -> list[Violation]:
    """All rule violations of one module's source. `path` is for the messages,
    `module` its dotted name (which decides its stage), `known` the package's
    modules (to tell `from . import pdfx` the module from a name in a module)."""
    tree = ast.parse(source, path)
    stage = stage_of(module)
    if stage is None:
        return [Violation(path, 1, "stage", f"{module} belongs to no stage: put it in a stage's "
                          "subpackage, or name its stage in stage_of() in tests/test_architecture.py")]
    known = known if known is not None else set()
    out = []
    for imp in imports_of(tree, module, is_package, known):
        out += _import_rules(imp, path, module, stage)
    if stage in PURE_STAGES:
        out += _io_calls(tree, path, stage)
        out += _module_state(tree, path, stage)
    return sorted(out, key=lambda v: (v.line, v.rule))


def _import_rules(imp: Import, path: str, module: str, stage: str) -> list[Violation]:
    out = []
    top = _top(imp.target)
    if top == PACKAGE:
        target_stage = stage_of(imp.target)
        allowed = MAY_IMPORT[stage] | {stage}
        if target_stage is not None and target_stage not in allowed:
            out.append(Violation(path, imp.line, "direction",
                                 f"{stage} imports {imp.target} ({target_stage}); {stage} may import only "
                                 f"{', '.join(s for s in MAY_IMPORT if s in allowed)}. Move what both need "
                                 f"down to the lower stage, or have the stage above pass it in (a value, "
                                 f"or a callable)"))
    if top == "reportlab" and module != PDF_ADAPTER:
        out.append(Violation(path, imp.line, "reportlab",
                             f"imports {imp.target}; only {PDF_ADAPTER.replace('.', '/')}.py talks to "
                             "ReportLab: give it what it needs through the plan"))
    if stage in PURE_STAGES and top in IO_MODULES:
        out.append(Violation(path, imp.line, "pure-io",
                             f"{stage} imports {imp.target}, an I/O or file-format module; {stage} does no "
                             "I/O: read files in spec/ or fonts/ and pass the values in (font data through "
                             "the FontBook, image sizes through the content model)"))
    return out


def _io_calls(tree: ast.Module, path: str, stage: str) -> list[Violation]:
    out = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = _dotted(func)
        what = None
        if isinstance(func, ast.Name) and func.id == "open":
            what = "open()"
        elif isinstance(func, ast.Attribute) and func.attr in PATH_IO_METHODS:
            what = f".{func.attr}()"
        elif _top(name) == "os" and "." in name:
            what = f"{name}()"
        if what:
            out.append(Violation(path, node.lineno, "pure-io",
                                 f"{stage} calls {what}; {stage} does no I/O: read the file in spec/ or "
                                 "fonts/ and pass what it holds in as a value"))
    return out


def _is_mutable_value(node: ast.AST | None) -> bool:
    if isinstance(node, (ast.Dict, ast.List, ast.Set, ast.DictComp, ast.ListComp, ast.SetComp)):
        return True
    if isinstance(node, ast.Call):
        name = _dotted(node.func).rpartition(".")[2]
        return name in MUTABLE_CALLS
    return False


def _is_memo(decorator: ast.AST) -> bool:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    return _dotted(target).rpartition(".")[2] in MEMO_DECORATORS


def _top_level(body: list[ast.stmt]):
    """Statements run at import: the module's own, those of its module-level
    if/try/with blocks and of its classes' bodies (class attributes are shared
    as much as module attributes)."""
    for stmt in body:
        yield stmt
        if isinstance(stmt, ast.ClassDef):
            yield from _top_level(stmt.body)
        elif isinstance(stmt, (ast.If, ast.For, ast.While, ast.With)):
            yield from _top_level(stmt.body + getattr(stmt, "orelse", []))
        elif isinstance(stmt, ast.Try):
            yield from _top_level(stmt.body + stmt.orelse + stmt.finalbody
                                  + [s for h in stmt.handlers for s in h.body])


def _module_state(tree: ast.Module, path: str, stage: str) -> list[Violation]:
    out = []
    fix = ("make it immutable (a tuple, frozenset or types.MappingProxyType), or keep it in an "
           "object made for one run and passed in")
    for stmt in _top_level(tree.body):
        if isinstance(stmt, (ast.Assign, ast.AnnAssign)) and _is_mutable_value(stmt.value):
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            names = ", ".join(ast.unparse(t) for t in targets)
            if names == "__all__":
                continue
            value = ast.unparse(stmt.value)
            shown = value if len(value) <= 30 else value[:30] + "…"
            out.append(Violation(path, stmt.lineno, "pure-state",
                                 f"{stage} binds {names} to a mutable value ({shown}) at module level; {fix}"))
        elif isinstance(stmt, ast.AugAssign):
            out.append(Violation(path, stmt.lineno, "pure-state",
                                 f"{stage} changes {ast.unparse(stmt.target)} at module level; {fix}"))
        elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for decorator in stmt.decorator_list:
                if _is_memo(decorator):
                    out.append(Violation(path, decorator.lineno, "pure-state",
                                         f"{stage} memoises {stmt.name}() with {ast.unparse(decorator)}, "
                                         f"a cache shared by every caller in the process; compute it from "
                                         f"an immutable table (precomputed at import if it must be fast), "
                                         f"or keep the memo in an object made for one run"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Global):
            out.append(Violation(path, node.lineno, "pure-state",
                                 f"{stage} declares global {', '.join(node.names)}; pass state in and "
                                 "return it instead"))
    return out


def package_violations() -> list[Violation]:
    modules = package_modules()
    known = set(modules)
    out = []
    for module, path in modules.items():
        out += check_module(path.read_text("utf-8"), str(path.relative_to(ROOT)), module,
                            path.name == "__init__.py", known)
    return out


# -- the package obeys them ------------------------------------------------------------

@pytest.fixture(scope="module")
def violations() -> list[Violation]:
    return package_violations()


def _fail_on(found: list[Violation]) -> None:
    if found:
        pytest.fail("\n".join(str(v) for v in found), pytrace=False)


def test_every_module_has_a_stage(violations):
    found = [v for v in violations if v.rule == "stage"]
    _fail_on(found)


def test_no_stage_imports_a_higher_one(violations):
    found = [v for v in violations if v.rule == "direction"]
    _fail_on(found)


def test_only_the_pdf_adapter_imports_reportlab(violations):
    found = [v for v in violations if v.rule == "reportlab"]
    _fail_on(found)


def test_pure_stages_do_no_io(violations):
    found = [v for v in violations if v.rule == "pure-io"]
    _fail_on(found)


def test_pure_stages_keep_no_module_state(violations):
    found = [v for v in violations if v.rule == "pure-state"]
    _fail_on(found)


def test_the_walk_sees_the_whole_package():
    modules = package_modules()
    assert {"layout.compose.line_breaker", "layout.output.pdf", "layout.plan", "layout.cli.main"} <= set(modules)
    assert {stage_of(m) for m in modules} == set(MAY_IMPORT)


# -- the rules themselves --------------------------------------------------------------

KNOWN = {"layout", "layout.compose", "layout.compose.headline", "layout.page", "layout.page.assembler",
         "layout.plan", "layout.fonts", "layout.fonts.book", "layout.output", "layout.output.pdf",
         "layout.output.pdfx", "layout.check", "layout.check.preflight", "layout.pipeline"}


def rules(source: str, module: str = "layout.compose.headline", is_package: bool = False) -> list[tuple]:
    return [(v.rule, v.line) for v in check_module(source, "x.py", module, is_package, KNOWN)]


def test_clean_source_passes():
    source = ("from ..fonts.book import FontBook\n"
              "from types import MappingProxyType\n"
              "TABLE = MappingProxyType({'a': 1})\n"
              "STOPS = frozenset('。！？')\n"
              "SIZES = (36, 30)\n"
              "__all__ = ['f']\n"
              "def f(x):\n"
              "    seen = {}\n"
              "    seen[x] = [1]\n"
              "    return seen\n")
    assert rules(source) == []


def test_a_higher_import_is_found_at_any_depth_and_level():
    source = ("from .. import plan\n"                        # compose → plan: not allowed
              "def f():\n"
              "    from ..page.assembler import assemble_page\n"
              "    import layout.pipeline\n")
    assert rules(source) == [("direction", 1), ("direction", 3), ("direction", 4)]
    # plan is below page, and a package's own relative imports resolve from itself
    assert rules("from ..plan import PagePlan\n", "layout.page.assembler") == []
    assert rules("from .assembler import x\nfrom ..output import pdf\n", "layout.page", True) == \
        [("direction", 2)]
    # output and check read the plan; neither imports the other
    assert rules("from ..check import preflight\n", "layout.output.pdfx") == [("direction", 1)]
    assert rules("from ..plan import PagePlan\n", "layout.check.preflight") == []
    assert rules("from ..plan import x\n", "layout.plan") == []


def test_reportlab_only_in_the_pdf_adapter():
    assert rules("import reportlab.pdfgen\n", "layout.output.pdfx") == [("reportlab", 1)]
    assert rules("from reportlab import rl_config\n", "layout.output.pdf") == []


def test_io_in_a_pure_stage():
    source = ("def f(path, p):\n"
              "    from fontTools.ttLib import TTFont\n"
              "    with open(path) as h:\n"
              "        pass\n"
              "    return p.read_bytes()\n")
    assert rules(source) == [("pure-io", 2), ("pure-io", 3), ("pure-io", 5)]
    assert rules("import os\ndef f(p):\n    return os.stat(p)\n", "layout.page.assembler") == \
        [("pure-io", 1), ("pure-io", 3)]
    # the spec stage reads files: that is its job
    assert rules("from PIL import Image\nImage.open('x')\n", "layout.spec.article") == []


def test_module_state_in_a_pure_stage():
    source = ("import functools\n"
              "_INK: dict = {}\n"
              "SEEN = set()\n"
              "COUNT = 0\n"
              "COUNT += 1\n"
              "class Setter:\n"
              "    shared = []\n"
              "@functools.lru_cache(maxsize=None)\n"
              "def f(x):\n"
              "    global COUNT\n"
              "    return x\n")
    assert rules(source, "layout.flow") == [("pure-state", 2), ("pure-state", 3), ("pure-state", 5),
                                            ("pure-state", 7), ("pure-state", 8), ("pure-state", 10)]
    assert rules("from functools import cache\n@cache\ndef f(): pass\n", "layout.plan") == [("pure-state", 2)]
    # outside the pure stages a memo is allowed
    assert rules("from functools import lru_cache\n@lru_cache\ndef f(): pass\n", "layout.output.pdfx") == []


def test_a_module_outside_every_stage_is_named():
    found = check_module("", "layout/misc.py", "layout.misc")
    assert [v.rule for v in found] == ["stage"] and "stage_of" in found[0].message
