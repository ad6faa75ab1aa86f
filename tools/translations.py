#!/usr/bin/env python3
"""MESDesk's translations: .ts sources from the code, .qm files for the app, and a check.

    python tools/translations.py update   # refresh resources/translations/*.ts from mesdesk/ui
    python tools/translations.py build    # .ts -> .qm (pyside6-lrelease); `make translations`
    python tools/translations.py check    # non-zero exit listing what is not translated

``update`` runs ``pyside6-lupdate`` over every ``.py`` under ``mesdesk/ui/`` and merges the
result into each .ts, keeping the translations made so far and dropping strings that are gone
(a string whose context moved keeps its old translation as an unfinished suggestion). Then
translate what is unfinished in Qt Linguist (``pyside6-linguist resources/translations/
mesdesk_ru.ts``) or any editor, and run ``check``.

Two corrections to lupdate, for the ways MESDesk modules translate outside classes:

- a module-level helper, ``def tr(text): return QCoreApplication.translate(CONTEXT, text)``:
  lupdate files the helper's calls under the empty context, where the app (which asks for
  CONTEXT) would never find them; they are filed under the helper's context here;
- a context named by a module constant, ``QT_TRANSLATE_NOOP(CONTEXT, "text")`` or
  ``QCoreApplication.translate(CONTEXT, "text")`` with ``CONTEXT = "Name"``: lupdate drops
  these silently; they are added here.

A bare ``tr()`` in a module without such a helper is reported: it could never be translated.

English is the source language and needs no file. The .qm files are build products
(git-ignored); the committed .ts files are what translators edit.
"""

from __future__ import annotations

import argparse
import ast
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "mesdesk" / "ui"
TRANSLATIONS = ROOT / "resources" / "translations"
LANGUAGES = ("ru",)
SOURCE_LANGUAGE = "en"

Key = tuple[str, str, str]   # context, source, disambiguation comment

_BRACES = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)[^{}]*\}")
_PERCENT = re.compile(r"%(\d+|n)")


def ts_path(language: str) -> Path:
    return TRANSLATIONS / f"mesdesk_{language}.ts"


def qm_path(language: str) -> Path:
    return TRANSLATIONS / f"mesdesk_{language}.qm"


def tool(name: str) -> str:
    """``pyside6-lupdate`` / ``pyside6-lrelease``: beside this Python, on PATH, or inside
    the PySide6 package."""
    exe = f"pyside6-{name}" + (".exe" if os.name == "nt" else "")
    beside = Path(sys.executable).parent / exe
    if beside.is_file():
        return str(beside)
    found = shutil.which(exe)
    if found:
        return found
    try:
        import PySide6

        inside = Path(PySide6.__file__).parent / (name + (".exe" if os.name == "nt" else ""))
        if inside.is_file():
            return str(inside)
    except ImportError:
        pass
    raise SystemExit(f"{exe} not found: install PySide6 (pip install -e '.[test]')")


def source_files(root: Path = SOURCES) -> list[Path]:
    return sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.parts)


# -- messages ------------------------------------------------------------------------------


@dataclass
class Message:
    context: str
    source: str
    comment: str = ""
    numerus: bool = False
    extracomment: str = ""
    translatorcomment: str = ""
    translation: list[str] = field(default_factory=list)  # one text, or the numerus forms
    state: str = "unfinished"   # "" (finished) | unfinished | vanished | obsolete
    locations: list[tuple[Path, int]] = field(default_factory=list)

    @property
    def key(self) -> Key:
        return (self.context, self.source, self.comment)

    @property
    def finished(self) -> bool:
        return self.state == "" and bool(self.translation) and all(self.translation)


def _text(element: ET.Element | None) -> str:
    return "" if element is None else (element.text or "")


def parse_ts(path: Path) -> list[Message]:
    """The messages of a .ts file, in file order."""
    root = ET.parse(path).getroot()
    found: list[Message] = []
    for context in root.iter("context"):
        name = _text(context.find("name"))
        for node in context.iter("message"):
            translation = node.find("translation")
            forms = [] if translation is None else translation.findall("numerusform")
            texts = [_text(f) for f in forms] if forms else [_text(translation)]
            locations = [(path.parent / loc.get("filename", ""), int(loc.get("line") or 0))
                         for loc in node.findall("location")]
            found.append(Message(
                context=name, source=_text(node.find("source")),
                comment=_text(node.find("comment")),
                numerus=node.get("numerus") == "yes",
                extracomment=_text(node.find("extracomment")),
                translatorcomment=_text(node.find("translatorcomment")),
                translation=texts,
                state=(translation.get("type", "") if translation is not None else "unfinished"),
                locations=locations))
    return found


def _escape(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&apos;"))


def write_ts(path: Path, language: str, messages: list[Message]) -> None:
    """Write a .ts like lupdate does (contexts sorted by name, no source locations: line
    numbers would change on every edit and make every merge conflict)."""
    contexts: dict[str, list[Message]] = {}
    for message in messages:
        contexts.setdefault(message.context, []).append(message)
    lines = ['<?xml version="1.0" encoding="utf-8"?>', "<!DOCTYPE TS>",
             f'<TS version="2.1" language="{language}" sourcelanguage="{SOURCE_LANGUAGE}">']
    for name in sorted(contexts):
        lines += ["<context>", f"    <name>{_escape(name)}</name>"]
        for m in contexts[name]:
            lines.append('    <message numerus="yes">' if m.numerus else "    <message>")
            lines.append(f"        <source>{_escape(m.source)}</source>")
            if m.comment:
                lines.append(f"        <comment>{_escape(m.comment)}</comment>")
            if m.extracomment:
                lines.append(f"        <extracomment>{_escape(m.extracomment)}</extracomment>")
            if m.translatorcomment:
                lines.append(f"        <translatorcomment>{_escape(m.translatorcomment)}"
                             "</translatorcomment>")
            state = f' type="{m.state}"' if m.state else ""
            if m.numerus:
                forms = m.translation or [""]
                lines.append(f"        <translation{state}>")
                lines += [f"            <numerusform>{_escape(f)}</numerusform>" for f in forms]
                lines.append("        </translation>")
            else:
                text = m.translation[0] if m.translation else ""
                lines.append(f"        <translation{state}>{_escape(text)}</translation>")
            lines.append("    </message>")
        lines.append("</context>")
    lines.append("</TS>")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# -- extraction ----------------------------------------------------------------------------


class _Module:
    """What a source file says about translation contexts outside classes."""

    _cache: dict[Path, "_Module"] = {}

    def __init__(self, path: Path) -> None:
        self.path = path
        self.tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        self._helper: str | None | bool = False   # False: not looked up yet
        self.constants: dict[str, str] = {}
        for node in self.tree.body:
            if (isinstance(node, ast.Assign) and len(node.targets) == 1
                    and isinstance(node.targets[0], ast.Name)):
                target, value = node.targets[0].id, node.value
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                target, value = node.target.id, node.value
            else:
                continue
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                self.constants[target] = value.value

    def string(self, node: ast.AST | None) -> str | None:
        """A string literal, or a module constant holding one."""
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.Name):
            return self.constants.get(node.id)
        return None

    def constant_context_messages(self) -> list[Message]:
        """``QT_TRANSLATE_NOOP(CONTEXT, "text")`` and ``….translate(CONTEXT, "text")`` with
        a module constant for the context: the calls lupdate cannot read."""
        found: list[Message] = []
        for _, call in _calls(self.tree):
            func = call.func
            name = func.id if isinstance(func, ast.Name) else (
                func.attr if isinstance(func, ast.Attribute) else "")
            if name not in _CONTEXT_CALLS or len(call.args) < 2:
                continue
            if not isinstance(call.args[0], ast.Name):
                continue   # a literal context: lupdate has it
            context, text = self.string(call.args[0]), self.string(call.args[1])
            if context is None or text is None or not isinstance(call.args[1], ast.Constant):
                continue
            comment = self.string(call.args[2]) if len(call.args) > 2 else None
            numerus = name == "translate" and len(call.args) > 3
            found.append(Message(context, text, comment or "", numerus,
                                 locations=[(self.path, call.args[1].lineno)]))
        return found

    @classmethod
    def of(cls, path: Path) -> "_Module":
        path = path.resolve()
        if path not in cls._cache:
            cls._cache[path] = cls(path)
        return cls._cache[path]

    def helper_context(self, seen: frozenset[Path] = frozenset()) -> str | None:
        """The context of this module's ``tr`` helper (defined here or imported)."""
        if self._helper is not False:
            return self._helper  # type: ignore[return-value]
        self._helper = None
        for node in self.tree.body:
            if isinstance(node, ast.FunctionDef) and node.name == "tr":
                for call in ast.walk(node):
                    if (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                            and call.func.attr == "translate" and call.args):
                        context = self.string(call.args[0])
                        if context is not None:
                            self._helper = context
                            break
            elif (isinstance(node, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id == "tr" for t in node.targets)
                  and isinstance(node.value, ast.Call)):
                # tr = partial(QCoreApplication.translate, "Context")
                args = node.value.args
                if len(args) >= 2 and self.string(args[1]) is not None:
                    self._helper = self.string(args[1])
            elif isinstance(node, ast.ImportFrom) and any(
                    alias.name == "tr" and alias.asname in (None, "tr") for alias in node.names):
                target = self._resolve(node)
                if target is not None and target not in seen:
                    self._helper = _Module.of(target).helper_context(seen | {self.path})
        return self._helper  # type: ignore[return-value]

    def _resolve(self, node: ast.ImportFrom) -> Path | None:
        if node.level:
            base = self.path.parent
            for _ in range(node.level - 1):
                base = base.parent
        else:
            base = ROOT
        parts = (node.module or "").split(".") if node.module else []
        candidate = base.joinpath(*parts)
        for path in (candidate.with_suffix(".py"), candidate / "__init__.py"):
            if path.is_file():
                return path.resolve()
        return None

    def call_at(self, line: int) -> tuple[str, str | None]:
        """(function name, enclosing class) of the translating call whose text starts on
        ``line``."""
        for cls_name, call in _calls(self.tree):
            func = call.func
            name = func.id if isinstance(func, ast.Name) else (
                func.attr if isinstance(func, ast.Attribute) else "")
            for arg in call.args[:2]:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and (
                        arg.lineno == line or call.lineno == line):
                    return name, cls_name
        return "", None


_CONTEXT_CALLS = ("QT_TRANSLATE_NOOP", "QT_TRANSLATE_NOOP3", "QT_TRANSLATE_NOOP_UTF8",
                  "translate")


def _calls(tree: ast.AST, cls_name: str | None = None):
    for child in ast.iter_child_nodes(tree):
        inner = child.name if isinstance(child, ast.ClassDef) else cls_name
        if isinstance(child, ast.Call):
            yield cls_name, child
        yield from _calls(child, inner)


PROBLEM_CONTEXT = "Problem"


def catalogue_messages() -> list[Message]:
    """The problem catalogue's templates (``mesdesk.domain.problems``), each keyed by its code:
    the GUI translates them with ``translate("Problem", template, code)``."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from mesdesk.domain.problems import CATALOGUE

    return [Message(PROBLEM_CONTEXT, entry.template, code,
                    locations=[(ROOT / "mesdesk" / "domain" / "problems", 0)])
            for code, entry in sorted(CATALOGUE.items())]


@dataclass
class Extraction:
    messages: list[Message]
    problems: list[str]
    warnings: list[str]


def extract(files: list[Path] | None = None) -> Extraction:
    """Run lupdate over ``files`` (default: all of mesdesk/ui) into a fresh .ts and return
    its messages with the contexts the app uses at run time."""
    files = files if files is not None else source_files()
    _Module._cache.clear()
    with tempfile.TemporaryDirectory(prefix="mesdesk-lupdate-") as folder:
        target = Path(folder) / "fresh.ts"
        listing = Path(folder) / "files.lst"
        listing.write_text("\n".join(str(f) for f in files) + "\n", encoding="utf-8")
        run = subprocess.run(
            [tool("lupdate"), f"@{listing}", "-ts", str(target), "-locations", "absolute",
             "-no-obsolete", "-source-language", SOURCE_LANGUAGE],
            capture_output=True, text=True)
        if run.returncode != 0 or not target.is_file():
            raise SystemExit(f"pyside6-lupdate failed:\n{run.stdout}\n{run.stderr}")
        fresh = parse_ts(target)
    warnings = [line for line in (run.stderr or "").splitlines() if line.strip()]
    messages: list[Message] = []
    problems: list[str] = []
    for message in fresh:
        if message.context:
            messages.append(message)
            continue
        contexts: dict[str, list[tuple[Path, int]]] = {}
        for path, line in message.locations:
            module = _Module.of(path)
            name, cls_name = module.call_at(line)
            if name.startswith("QT_TR_NOOP") and cls_name:
                context = cls_name
            else:
                context = module.helper_context()
            where = f"{path.resolve().relative_to(ROOT)}:{line}"
            if not context:
                problems.append(f"{where}: tr() outside a class in a module with no tr helper "
                                f"(it can never be translated): {message.source!r}")
                continue
            contexts.setdefault(context, []).append((path, line))
        for context, locations in contexts.items():
            messages.append(Message(context, message.source, message.comment,
                                    message.numerus, message.extracomment,
                                    locations=locations))
    for path in files:
        messages += _Module.of(path).constant_context_messages()
    messages += catalogue_messages()
    unique: dict[Key, Message] = {}
    for message in messages:
        if message.key in unique:
            unique[message.key].locations += message.locations
        else:
            unique[message.key] = message
    return Extraction(list(unique.values()), problems, warnings)


# -- commands ------------------------------------------------------------------------------


def merge(fresh: list[Message], existing: list[Message]) -> tuple[list[Message], dict[str, int]]:
    """The fresh messages with the existing translations; counts of what happened."""
    by_key = {m.key: m for m in existing if m.state not in ("vanished", "obsolete")}
    by_source: dict[tuple[str, str], Message] = {}
    for m in existing:
        if m.finished:
            by_source.setdefault((m.source, m.comment), m)
    counts = {"kept": 0, "suggested": 0, "new": 0, "dropped": 0}
    merged: list[Message] = []
    for m in fresh:
        old = by_key.get(m.key)
        result = Message(m.context, m.source, m.comment, m.numerus, m.extracomment)
        if old is not None and old.numerus == m.numerus:
            result.translation, result.state = list(old.translation), old.state
            result.translatorcomment = old.translatorcomment
            counts["kept"] += 1
        elif (m.source, m.comment) in by_source and not m.numerus:
            result.translation = list(by_source[(m.source, m.comment)].translation)
            result.state = "unfinished"
            counts["suggested"] += 1
        else:
            result.translation, result.state = [], "unfinished"
            counts["new"] += 1
        merged.append(result)
    fresh_keys = {m.key for m in fresh}
    counts["dropped"] = sum(1 for m in existing if m.key not in fresh_keys)
    return merged, counts


def update(languages: tuple[str, ...] = LANGUAGES) -> int:
    extraction = extract()
    for warning in extraction.warnings:
        print(f"lupdate: {warning}", file=sys.stderr)
    for problem in extraction.problems:
        print(problem, file=sys.stderr)
    for language in languages:
        path = ts_path(language)
        existing = parse_ts(path) if path.is_file() else []
        merged, counts = merge(extraction.messages, existing)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_ts(path, language, merged)
        unfinished = sum(1 for m in merged if not m.finished)
        print(f"{path.relative_to(ROOT)}: {len(merged)} strings; {counts['new']} new, "
              f"{counts['suggested']} with a suggestion from another context, "
              f"{counts['dropped']} gone; {unfinished} to translate")
    return 1 if extraction.problems else 0


def build(languages: tuple[str, ...] = LANGUAGES, into: Path | None = None) -> int:
    """Compile each .ts to its .qm: beside the .ts (``make translations``), or in ``into``
    (the package build, ``setup.py``)."""
    status = 0
    for language in languages:
        source = ts_path(language)
        if not source.is_file():
            print(f"{source.relative_to(ROOT)} is missing", file=sys.stderr)
            status = 1
            continue
        target = qm_path(language) if into is None else into / qm_path(language).name
        target.parent.mkdir(parents=True, exist_ok=True)
        run = subprocess.run([tool("lrelease"), "-silent", str(source), "-qm",
                              str(target)], capture_output=True, text=True)
        if run.returncode != 0:
            print(f"pyside6-lrelease failed for {source.name}:\n{run.stdout}{run.stderr}",
                  file=sys.stderr)
            status = 1
    return status


def placeholders(text: str) -> set[str]:
    return {"{" + name + "}" for name in _BRACES.findall(text)} | {
        "%" + n for n in _PERCENT.findall(text)}


def problems(language: str, extraction: Extraction | None = None) -> list[str]:
    """Everything that keeps ``language`` from being complete, one line each."""
    path = ts_path(language)
    if not path.is_file():
        return [f"{path.relative_to(ROOT)} is missing: run tools/translations.py update"]
    listed = parse_ts(path)
    found: list[str] = []
    for m in listed:
        label = f"[{m.context}] {m.source!r}"
        if m.state in ("vanished", "obsolete"):
            found.append(f"{m.state} (no longer in the code): {label}")
        elif not m.finished:
            found.append(f"unfinished: {label}")
        else:
            expected = placeholders(m.source)
            for form in m.translation:
                got = placeholders(form)
                if m.numerus:
                    expected_here = expected - {"%n"}
                    got = got - {"%n"}
                else:
                    expected_here = expected
                if got != expected_here:
                    found.append(f"placeholders differ: {label} has {sorted(expected_here)}, "
                                 f"the translation {form!r} has {sorted(got)}")
    extraction = extraction or extract()
    found += extraction.problems
    in_code = {m.key for m in extraction.messages}
    in_file = {m.key for m in listed if m.state not in ("vanished", "obsolete")}
    for context, source, _ in sorted(in_code - in_file):
        found.append(f"missing (run tools/translations.py update, then translate): "
                     f"[{context}] {source!r}")
    for context, source, _ in sorted(in_file - in_code):
        found.append(f"not in the code any more (run tools/translations.py update): "
                     f"[{context}] {source!r}")
    return found


def check(languages: tuple[str, ...] = LANGUAGES) -> int:
    extraction = extract()
    status = 0
    for language in languages:
        listed = problems(language, extraction)
        if listed:
            status = 1
            print(f"{ts_path(language).relative_to(ROOT)}: {len(listed)} problem(s)")
            for line in listed:
                print(f"  {line}")
        else:
            print(f"{ts_path(language).relative_to(ROOT)}: complete "
                  f"({len(extraction.messages)} strings)")
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("update", "build", "check"))
    parser.add_argument("--language", action="append", choices=LANGUAGES,
                        help="only this language (default: all)")
    args = parser.parse_args(argv)
    languages = tuple(args.language) if args.language else LANGUAGES
    return {"update": update, "build": build, "check": check}[args.command](languages)


if __name__ == "__main__":
    sys.exit(main())
