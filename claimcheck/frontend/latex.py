"""LaTeX front end: a root file and its includes → a source-mapped `Document`, in one pass.

A hand-written scanner rather than a LaTeX parser: pylatexenc reads about 0.3 MB/s, too slow for
a 64 KB paper in 150 ms, and papers are mostly plain text between a few kinds of markup. Compiled
regexes find the next special character, a stack of brace frames replaces recursion (10,000
nested braces are just a long list), and every kept character is appended to a `MappedText`
with its source offset, so sentences map back to file:line:column in the file that holds them.
What the scanner cannot understand stays in the text and gets a CP001 diagnostic.
"""
from __future__ import annotations

import os
import re
import unicodedata

from claimcheck.document import (Block, Comment, Diagnostic, Document, Link, MappedText,
                                 Section, SourceFile, Table)
from claimcheck.errors import InputError
from claimcheck.frontend import finalize, read_source
from claimcheck.frontend.latex_tables import CellText, group_end, parse_tabular
from claimcheck.frontend.sections import classify_section
from claimcheck.limits import (MAX_INCLUDE_DEPTH, MAX_MACRO_DEPTH, MAX_MACRO_TEXT, TableBudget,
                               describe)

MATH_PLACEHOLDER = "⟨math⟩"
CITE_PLACEHOLDER = "[cite]"
MAX_OPTION_CHARS = 4096  # an [optional argument] longer than this is text, not an option

_SPECIAL = re.compile(r"[\\{}$%~\n\r]")
_COMMAND = re.compile(r"\\(?:([A-Za-z@]+)(\*?)|(.))", re.S)
_ENV_NAME = re.compile(r"[ \t]*\{([^{}\n]*)\}")
_SAME_LINE_SPACE = re.compile(r"[ \t\r]*(?:\n[ \t\r]*)?")
_PAR_BREAK = re.compile(r"\n[ \t\r]*\n")
_INLINE_MATH = re.compile(r"(?:[^$\\]|\\.)*", re.S)
_UNBRACED_INPUT = re.compile(r"[ \t]+([^\s{}%\\]+)")
_DEF_PARAMS = re.compile(r"[^{]*")
_LABEL_IN_MATH = re.compile(r"\\label\s*\{([^{}]*)\}")
_FI = re.compile(r"\\fi(?![A-Za-z@])")
_MATH_TOKEN = re.compile(r"(?P<ws>\s+)|(?P<num>[0-9]+(?:[.,][0-9]+)*)|\\(?P<cmd>[A-Za-z]+)\*?"
                         r"|\\(?P<sym>.)|(?P<word>[A-Za-z]+)|(?P<open>\{)|(?P<close>\})"
                         r"|(?P<op>[-+=<>/()\[\]|:;,.!'*^_])|(?P<tilde>~)|(?P<other>.)", re.S)

# Commands whose presence in a table cell marks it (bold marks the claimed best).
_MARKS = {"textbf": "bold", "bf": "bold", "bfseries": "bold", "mathbf": "bold",
          "boldmath": "bold", "boldsymbol": "bold", "bm": "bold",
          "underline": "underline", "uline": "underline", "ul": "underline",
          "textcolor": "colored", "color": "colored", "cellcolor": "colored",
          "colorbox": "colored", "rowcolor": "colored", "fcolorbox": "colored",
          "textit": "italic", "emph": "italic", "it": "italic", "itshape": "italic",
          "textsl": "italic", "slshape": "italic", "mathit": "italic"}
_MARK_IN_BODY = re.compile(r"\\(" + "|".join(sorted(_MARKS, key=len, reverse=True))
                           + r")(?![A-Za-z])")

# Arguments of commands that carry no prose: "d" drops a brace argument, "k" keeps the next one
# as text (it must come last). Optional [..] arguments before each are skipped.
_ARG_SPECS = {
    "usepackage": "d", "RequirePackage": "d", "documentclass": "d", "bibliographystyle": "d",
    "bibliography": "d", "addbibresource": "d", "vspace": "d", "hspace": "d",
    "setlength": "dd", "addtolength": "dd", "setcounter": "dd", "addtocounter": "dd",
    "settowidth": "dd", "newcounter": "d", "stepcounter": "d", "refstepcounter": "d",
    "newlength": "d", "includegraphics": "d", "includepdf": "d", "lstinputlisting": "d",
    "inputminted": "dd", "definecolor": "ddd", "colorlet": "dd", "hypersetup": "d",
    "graphicspath": "d", "captionsetup": "d", "newcolumntype": "dd", "newtheorem": "dd",
    "theoremstyle": "d", "crefname": "ddd", "Crefname": "ddd", "numberwithin": "dd",
    "pagestyle": "d", "thispagestyle": "d", "pagenumbering": "d", "linespread": "d",
    "fontsize": "dd", "author": "d", "affiliation": "d", "institute": "d", "institution": "d",
    "email": "d", "address": "d", "date": "d", "thanks": "d", "orcid": "d", "keywords": "d",
    "icmlauthor": "dd", "icmlaffiliation": "dd", "icmlcorrespondingauthor": "dd",
    "icmlkeywords": "d", "icmltitlerunning": "d", "runningtitle": "d", "nocite": "d",
    "phantom": "d", "hphantom": "d", "vphantom": "d", "rule": "dd", "color": "d",
    "pagecolor": "d", "cellcolor": "d", "rowcolor": "d", "arrayrulecolor": "d",
    "textcolor": "dk", "colorbox": "dk", "fcolorbox": "ddk", "resizebox": "ddk",
    "scalebox": "dk", "rotatebox": "dk", "raisebox": "dk", "parbox": "dk", "adjustbox": "dk",
    "cmidrule": "d", "cline": "d", "cdashline": "d",
    "specialrule": "ddd", "hhline": "d", "Xhline": "d", "DeclareMathOperator": "dd",
    "setmainfont": "d", "hyphenation": "d", "enlargethispage": "d", "bibitem": "d",
    "newfloat": "ddd",
}
# Text-producing commands that need no definition in the document.
_TEXT_MACROS = {
    "ldots": "…", "dots": "…", "textellipsis": "…", "LaTeX": "LaTeX", "TeX": "TeX",
    "eg": "e.g.", "ie": "i.e.", "Eg": "E.g.", "Ie": "I.e.", "etal": "et al.", "cf": "cf.",
    "wrt": "w.r.t.", "etc": "etc.", "vs": "vs.", "quad": " ", "qquad": " ", "newline": " ",
    "linebreak": " ", "enspace": " ", "space": " ", "textbackslash": "\\",
    "textasciitilde": "~", "textbar": "|", "textless": "<", "textgreater": ">",
    "textendash": "–", "textemdash": "—", "textdegree": "°", "textmu": "µ", "texttimes": "×",
    "textpm": "±", "S": "§", "P": "¶", "ss": "ß", "dag": "†", "ddag": "‡", "copyright": "©",
    "textregistered": "®", "texttrademark": "™", "euro": "€", "pounds": "£", "times": "×",
    "pm": "±", "approx": "≈", "sim": "~", "checkmark": "✓", "cmark": "✓", "xmark": "✗",
    "i": "i", "o": "ø", "O": "Ø", "aa": "å", "AA": "Å", "ae": "æ", "AE": "Æ", "oe": "œ",
    "l": "ł", "L": "Ł", "textquotedblleft": "“", "textquotedblright": "”",
    "textquoteleft": "‘", "textquoteright": "’",
}
_ACCENTS = {"'": "\u0301", "`": "\u0300", '"': "\u0308", "^": "\u0302", "~": "\u0303",
            "=": "\u0304", ".": "\u0307"}
# Math symbols that keep a number claim readable ($4\times$ → 4×, $\sim$2x → ~2x).
_MATH_SYMBOLS = {
    "times": "×", "sim": "~", "approx": "≈", "pm": "±", "mp": "∓", "cdot": "·", "le": "≤",
    "leq": "≤", "ge": "≥", "geq": "≥", "ll": "≪", "gg": "≫", "neq": "≠", "ne": "≠",
    "lesssim": "≲", "gtrsim": "≳", "simeq": "≃", "propto": "∝", "div": "÷", "infty": "∞",
    "rightarrow": "→", "to": "→", "leftarrow": "←", "uparrow": "↑", "downarrow": "↓",
    "dagger": "†", "ddagger": "‡", "ast": "*", "star": "⋆", "circ": "∘", "degree": "°",
    "prime": "′", "ldots": "…", "cdots": "⋯", "dots": "…", "checkmark": "✓", "mu": "µ",
}
_GREEK = {name: chr(code) for name, code in (
    ("alpha", 0x3B1), ("beta", 0x3B2), ("gamma", 0x3B3), ("delta", 0x3B4), ("epsilon", 0x3B5),
    ("eta", 0x3B7), ("theta", 0x3B8), ("lambda", 0x3BB), ("sigma", 0x3C3), ("tau", 0x3C4),
    ("phi", 0x3C6), ("rho", 0x3C1), ("omega", 0x3C9), ("pi", 0x3C0), ("Delta", 0x394))}
# Wrappers whose argument is text, not variables ($\mathrm{ms}$ → ms).
_MATH_TEXT = {"mathrm", "text", "textrm", "mathit", "mathbf", "textbf", "mathsf", "mathtt",
              "operatorname", "textnormal", "textit", "mbox", "boldsymbol", "bm", "mathcal",
              "underline", "textsc", "texttt", "emph"}
_MATH_IGNORED = {"left", "right", "big", "Big", "bigg", "Bigg", "displaystyle", "textstyle",
                 "scriptstyle", "limits", "nolimits", "mathstrut", "strut", "rm", "bf", "it",
                 "small", "scriptsize", "footnotesize", "quad", "qquad", "hspace", "phantom"}

_SECTION_LEVELS = {"part": 0, "chapter": 0, "section": 1, "subsection": 2, "subsubsection": 3,
                   "paragraph": 4, "subparagraph": 5}
_CITES = frozenset({"cite", "citep", "citet", "citealp", "citealt", "citeauthor", "citeyear",
                    "citeyearpar", "parencite", "textcite", "autocite", "footcite", "Cite",
                    "Citep", "Citet", "smartcite", "supercite"})
_REF_STYLES = {"ref": "number", "pageref": "number", "eqref": "equation", "autoref": "name",
               "Autoref": "name", "cref": "name", "Cref": "name", "vref": "name",
               "nameref": "name", "subref": "number", "labelcref": "number"}
_INCLUDES = frozenset({"input", "include", "subfile", "import", "subimport", "inputfrom",
                       "subinputfrom", "includefrom", "subincludefrom"})
_DEFINERS = frozenset({"newcommand", "renewcommand", "providecommand", "DeclareRobustCommand",
                       "NewDocumentCommand", "RenewDocumentCommand"})
_TEX_DEFINERS = frozenset({"def", "gdef", "edef", "xdef"})
_ENV_DEFINERS = frozenset({"newenvironment", "renewenvironment"})

_SKIPPED_ENVS = frozenset({
    "verbatim", "Verbatim", "verbatim*", "lstlisting", "minted", "tikzpicture", "pgfpicture",
    "algorithm", "algorithm*", "algorithmic", "algorithm2e", "comment", "filecontents",
    "filecontents*", "thebibliography", "axis", "forest", "tcolorbox", "spverbatim"})
_MATH_ENVS = frozenset({
    "equation", "equation*", "align", "align*", "gather", "gather*", "multline", "multline*",
    "eqnarray", "eqnarray*", "displaymath", "math", "flalign", "flalign*", "alignat",
    "alignat*", "split", "dmath", "dmath*"})
_NUMBERED_MATH = frozenset({"equation", "align", "gather", "multline", "eqnarray", "flalign",
                            "alignat", "dmath"})
_TABULARS = frozenset({"tabular", "tabular*", "tabularx", "tabulary", "longtable", "array",
                       "tblr", "longtblr"})
_WIDTH_FIRST = frozenset({"tabular*", "tabularx", "tabulary"})
_TABLE_FLOATS = frozenset({"table", "table*", "sidewaystable", "wraptable", "SCtable"})
_FIGURE_FLOATS = frozenset({"figure", "figure*", "sidewaysfigure", "wrapfigure", "SCfigure"})
_SUB_FLOATS = frozenset({"subtable", "subfigure", "minipage"})
_LISTS = frozenset({"itemize", "enumerate", "description", "compactitem", "compactenum",
                    "inparaenum", "asparaenum"})
_QUOTES = frozenset({"quote", "quotation"})
_ENV_ARG_COUNT = {"minipage": 1, "subtable": 1, "subfigure": 1, "wrapfigure": 2,
                  "wraptable": 2, "multicols": 1, "adjustbox": 1, "tcolorbox": 0}

_G_PLAIN, _G_SINK, _G_LINK = 0, 1, 2


class _Sink:
    """Mapped text being collected for one block, with the \\ref targets waiting for numbers."""

    __slots__ = ("kind", "text", "refs", "on_close")

    def __init__(self, kind: str, file: SourceFile, on_close=None):
        self.kind = kind
        self.text = MappedText(file)
        self.refs: list[tuple[int, tuple[str, ...], str, int]] = []
        self.on_close = on_close


class _Float:
    __slots__ = ("kind", "file", "start", "tables", "caption", "labels", "depth")

    def __init__(self, kind: str, file: SourceFile, start: int):
        self.kind = kind
        self.file = file
        self.start = start
        self.tables: list[Table] = []
        self.caption: Block | None = None
        self.labels: list[str] = []
        self.depth = 0  # inside a subtable/subfigure: its caption is not the float's


class _Loader:
    """State shared by the scanners of the root file, its includes, cells and macro bodies."""

    def __init__(self, document: Document, root: SourceFile):
        self.doc = document
        self.root_abs = os.path.dirname(os.path.abspath(root.path))
        self.root_real = os.path.realpath(self.root_abs)
        self.root_shown = os.path.dirname(root.path)
        self.active = [os.path.realpath(os.path.abspath(root.path))]
        self.macros: dict[str, tuple[int, str, frozenset[str]]] = {}
        self.macro_bodies: dict[str, tuple[int, str]] = {}
        self.macro_depth = 0
        self.macro_chars = 0  # expanded macro text produced so far (MAX_MACRO_TEXT)
        self.table_budget = TableBudget()  # grid cells of all tables (MAX_DOCUMENT_TABLE_CELLS)
        self.macro_budget_spent = False
        # limits hit while expanding macro bodies, reported at the use in the document
        self.macro_notes: list[str] = []
        self.macro_notes_pending = False
        self.macro_reported: set[str] = set()
        self.kinds = ["paragraph"]
        self.section: Section | None = None
        self.sections_by_level: dict[int, Section] = {}
        self.section_numbers = [0] * 6
        self.section_display: str | None = None
        self.appendix = False
        self.floats: list[_Float] = []
        self.counters = {"table": 0, "figure": 0, "equation": 0}
        self.labels: dict[str, str] = {}
        self.footnotes: list[Block] = []
        self.saved_sections: list[Section | None] = []
        self.heading_labels: list[str] = []
        self.pending_refs: list[tuple[Block, list]] = []

    # -- blocks -----------------------------------------------------------------------------
    def add_block(self, kind: str, sink: _Sink) -> Block | None:
        if not sink.refs and not sink.text.text.strip():
            return None
        block = Block(kind, sink.text, self.section)
        self.doc.blocks.append(block)
        if sink.refs:
            self.pending_refs.append((block, sink.refs))
        return block

    def finish(self) -> None:
        """Give every \\ref its number now that all labels are known, then trim blocks."""
        waiting = {id(block): refs for block, refs in self.pending_refs}
        for block in self.doc.blocks:
            refs = waiting.get(id(block))
            if refs:
                block.text, block.refs = self.resolve(block.text, refs)
            text = block.text.text
            lead = len(text) - len(text.lstrip())
            if lead or len(text.rstrip()) < len(text):
                block.text = block.text.strip()
                block.refs = [(max(0, o - lead), label) for o, label in block.refs]
        self.doc.labels = dict(self.labels)

    def resolve(self, text: MappedText, refs) -> tuple[MappedText, list[tuple[int, str]]]:
        out = MappedText(text.file)
        found: list[tuple[int, str]] = []
        previous = 0
        for offset, names, style, at in refs:
            out.put_mapped(text.slice(previous, offset))
            previous = offset
            shown = []
            for name in names:
                found.append((len(out), name))
                shown.append(self.ref_text(name, style))
            out.put(", ".join(s for s in shown if s), at)
        out.put_mapped(text.slice(previous, len(text)))
        return out, found

    def ref_text(self, name: str, style: str) -> str:
        if style == "none":
            return ""
        display = self.labels.get(name)
        if display is None:
            return "??"
        number = display.rsplit(" ", 1)[-1]
        return display if style == "name" else f"({number})" if style == "equation" else number

    # -- sections and floats ----------------------------------------------------------------
    def start_section(self, title: str, level: int, numbered: bool, span) -> Section:
        kind = classify_section(title)
        if self.appendix and kind != "references":  # after \appendix, but a checklist stays one
            kind = "appendix"
        if kind == "other":
            parents = [s for lv, s in self.sections_by_level.items() if lv < level]
            if parents:
                kind = parents[-1].kind
        section = Section(title, kind, level, span)
        self.sections_by_level = {lv: s for lv, s in self.sections_by_level.items() if lv < level}
        self.sections_by_level[level] = section
        self.section = section
        if numbered and 1 <= level <= 3:
            self.section_numbers[level] += 1
            for deeper in range(level + 1, 6):
                self.section_numbers[deeper] = 0
            parts = [str(n) for n in self.section_numbers[1:level + 1]]
            if self.appendix:
                parts[0] = chr(ord("A") + max(0, self.section_numbers[1] - 1) % 26)
            self.section_display = ("Appendix " if self.appendix else "Section ") + ".".join(parts)
            for label in self.heading_labels:
                self.labels.setdefault(label, self.section_display)
        self.heading_labels.clear()
        return section

    def finish_float(self, fl: _Float, file: SourceFile, end: int) -> None:
        is_table = fl.kind == "table"
        if fl.caption is not None or (is_table and fl.tables):
            self.counters[fl.kind] += 1
            number = self.counters[fl.kind]
            for label in fl.labels:
                self.labels[label] = f"{fl.kind.capitalize()} {number}"
        for table in fl.tables:
            if is_table:
                table.number = self.counters["table"]
            else:  # a tabular drawn inside a figure still counts as a table of its own
                self.counters["table"] += 1
                table.number = self.counters["table"]
            table.caption = fl.caption
            table.label = fl.labels[0] if fl.labels else None
            if fl.file is file and table.span.path == file.path:
                table.span = file.span(fl.start, end)
        if fl.caption is not None and fl.tables:
            fl.caption.table = fl.tables[0]

    # -- includes ---------------------------------------------------------------------------
    def include(self, parent: "_Scanner", target: str, base_is_current: bool, at: int,
                end: int) -> None:
        span = parent.file.span(at, end)
        diagnose = lambda message: self.doc.diagnostics.append(Diagnostic("CP001", message, span))
        current_dir = os.path.dirname(os.path.abspath(parent.file.path))
        bases = [current_dir] if base_is_current else [self.root_abs, current_dir]
        candidates = []
        for base in dict.fromkeys(bases):
            path = os.path.normpath(os.path.join(base, target))
            candidates += [path] if path.endswith(".tex") else [path + ".tex", path]
        inside = [p for p in candidates
                  if os.path.commonpath([os.path.realpath(p), self.root_real]) == self.root_real]
        if not inside:
            diagnose(f"include refused: {target!r} lies outside the root file's folder")
            return
        found = next((p for p in inside if os.path.isfile(p)), None)
        if found is None:
            # a candidate that exists but resolves outside (a symlink out of the folder) is
            # refused, not "not found"
            if any(os.path.lexists(p) for p in candidates if p not in inside):
                diagnose(f"include refused: {target!r} resolves outside the root file's folder "
                         "(a symbolic link)")
            elif any(os.path.lexists(p) for p in inside):
                diagnose(f"include refused: {target!r} is not a regular file")
            else:
                diagnose(f"include not found: {target!r}")
            return
        real = os.path.realpath(found)
        if real in self.active:
            chain = " → ".join(os.path.basename(p) for p in self.active + [real])
            diagnose(f"include cycle: {chain}; not followed again")
            return
        if len(self.active) > MAX_INCLUDE_DEPTH:
            diagnose(f"includes nested more than {MAX_INCLUDE_DEPTH} deep; {target!r} not followed")
            return
        shown = os.path.normpath(os.path.join(self.root_shown, os.path.relpath(found, self.root_abs)))
        try:
            source, notes = read_source(shown if os.path.exists(shown) else found)
        except InputError as exc:
            diagnose(f"include {target!r} cannot be read: {exc.cause}")
            return
        self.doc.files.append(source)
        self.doc.diagnostics.extend(notes)
        self.active.append(real)
        try:
            _Scanner(self, source, preamble=parent.preamble).scan_file()
        finally:
            self.active.pop()

    # -- macros -----------------------------------------------------------------------------
    def define(self, name: str, nargs: int, body: str) -> None:
        self.macros.pop(name, None)
        self.macro_bodies[name] = (nargs, body)

    def expansion(self, name: str, file: SourceFile) -> tuple[int, str, frozenset[str]] | None:
        """(arguments, cleaned text, marks) of a user macro; bodies are cleaned on first use."""
        known = self.macros.get(name)
        if known is not None:
            return known
        body = self.macro_bodies.get(name)
        if body is None:
            return None
        nargs, source = body
        marks = frozenset(_MARKS[m] for m in _MARK_IN_BODY.findall(source))
        self.macros[name] = (nargs, "", marks)  # guards against a macro that uses itself
        text = ""
        if nargs == 0 and self.macro_depth >= MAX_MACRO_DEPTH:
            self.note_macro(f"macros nested more than {MAX_MACRO_DEPTH} deep (\\{name}); "
                            f"the deeper ones are not expanded ({describe('MAX_MACRO_DEPTH')})")
        if nargs == 0 and self.macro_depth < MAX_MACRO_DEPTH:
            self.macro_depth += 1
            try:
                scanner = _Scanner(self, SourceFile(file.path, source), mode="macro")
                scanner.run(0, len(source))
            finally:
                self.macro_depth -= 1
            text = " ".join(scanner.main.text.text.split())
        self.macros[name] = (nargs, text, marks)
        return self.macros[name]

    def spend_macro_text(self, text: str) -> str:
        """`text` if the document's expanded-macro budget still covers it, else "" (noted once):
        nested definitions ("billion laughs") grow exponentially; MAX_MACRO_DEPTH alone does not
        bound the text they produce."""
        if self.macro_budget_spent:
            return ""
        if self.macro_chars + len(text) > MAX_MACRO_TEXT:
            self.macro_budget_spent = True
            self.note_macro(f"macro expansion stopped: the document's macros expand to more than "
                            f"{describe('MAX_MACRO_TEXT')}; this and later macro uses are dropped")
            return ""
        self.macro_chars += len(text)
        return text

    def note_macro(self, message: str) -> None:
        if message not in self.macro_notes:
            self.macro_notes.append(message)
            self.macro_notes_pending = True

    def report_macro_notes(self, file: SourceFile, start: int, end: int) -> None:
        """Report the limits hit while expanding, at the macro use in the document itself."""
        if not self.macro_notes_pending:
            return
        self.macro_notes_pending = False
        for message in self.macro_notes:
            if message not in self.macro_reported:
                self.macro_reported.add(message)
                self.doc.diagnostics.append(Diagnostic("CP001", message, file.span(start, end)))


_COMMENT_START = re.compile(r"(?<!\\)(?:\\\\)*%")


class _Scanner:
    """One pass over one range of one file (a whole file, a table cell or a macro body)."""

    def __init__(self, loader: _Loader, file: SourceFile, preamble: bool = False,
                 mode: str = "prose"):
        self.loader = loader
        self.doc = loader.doc
        self.file = file
        self.text = file.text
        self.mode = mode  # "prose", "cell" (marks recorded, no blocks) or "macro"
        self.preamble = preamble
        self.abstract_in_preamble = False  # reading an abstract written before \begin{document}
        self.start = 0
        self.end = len(file.text)
        self.stopped = False
        self.groups: list[tuple[int, int, object]] = []
        self.envs: list[tuple[str, int]] = []
        self.marks: set[str] = set()
        self.columns = 1
        self.rows = 1
        self.main = _Sink(loader.kinds[-1], file)
        self.sinks = [self.main]
        self.cur = self.main
        self.out = self.main.text

    # -- driving ----------------------------------------------------------------------------
    def scan_file(self) -> None:
        """A file with \\begin{document} has a preamble: definitions only, no prose."""
        self.preamble = self.preamble or "\\begin{document}" in self.text
        self.run(0, len(self.text))
        self.close_all()

    def run(self, pos: int, end: int) -> None:
        self.start, self.end = pos, end
        text = self.text
        search = _SPECIAL.search
        while pos < end and not self.stopped:
            m = search(text, pos, end)
            if m is None:
                self.out.copy(pos, end)
                break
            i = m.start()
            if i > pos:
                self.out.copy(pos, i)
            c = text[i]
            if c == "\\":
                pos = self.command(i)
            elif c == "{":
                self.groups.append((_G_PLAIN, i, None))
                pos = i + 1
            elif c == "}":
                self.close_group(i)
                pos = i + 1
            elif c == "$":
                pos = self.dollar(i)
            elif c == "%":
                pos = self.comment(i)
            elif c == "~":
                self.out.put(" ", i)
                pos = i + 1
            elif c == "\n":
                self.newline(i)
                pos = i + 1
            else:  # "\r": CRLF line ends read like LF ones
                pos = i + 1

    def close_all(self) -> None:
        """End of the range: report what is still open, close it so no text is lost."""
        if self.groups:
            first = self.groups[0][1]
            more = f" ({len(self.groups)} braces left open)" if len(self.groups) > 1 else ""
            self.diagnose(first, first + 1, f"unclosed brace '{{'{more}")
            while self.groups:
                self.close_group(self.end)
        while self.envs:
            name, at = self.envs[-1]
            self.diagnose(at, at + len(name) + 8, f"\\begin{{{name}}} without \\end{{{name}}}")
            self.end_environment(name, self.end)
        self.flush()

    def diagnose(self, start: int, end: int, message: str) -> None:
        if self.mode != "macro":
            self.doc.diagnostics.append(Diagnostic("CP001", message, self.file.span(start, end)))

    # -- sinks and blocks -------------------------------------------------------------------
    def flush(self) -> None:
        """End the current paragraph: it becomes a block, then the footnotes it held."""
        if self.mode != "prose":
            return
        if not self.preamble:
            self.loader.add_block(self.main.kind, self.main)
            self.doc.blocks.extend(self.loader.footnotes)
            self.loader.footnotes.clear()
        self.main = _Sink(self.loader.kinds[-1], self.file)
        self.sinks[0] = self.main
        self.cur = self.sinks[-1]
        self.out = self.cur.text

    def open_sink(self, kind: str, brace: int, on_close) -> int:
        self.sinks.append(_Sink(kind, self.file, on_close))
        self.groups.append((_G_SINK, brace, None))
        self.cur = self.sinks[-1]
        self.out = self.cur.text
        return brace + 1

    def close_group(self, i: int) -> None:
        if not self.groups:
            self.diagnose(i, i + 1, "unmatched closing brace '}' (kept as text)")
            self.out.copy(i, i + 1)
            return
        kind, at, payload = self.groups.pop()
        if kind == _G_SINK:
            sink = self.sinks.pop()
            self.cur = self.sinks[-1]
            self.out = self.cur.text
            sink.on_close(sink, i)
        elif kind == _G_LINK:
            target, length = payload
            shown = " ".join(self.out.text[length:].split())
            self.doc.links.append(Link(target, shown, self.file.span(at, i + 1)))

    def paragraph_break(self, i: int) -> None:
        if self.cur is self.main and self.mode == "prose":
            self.flush()
        else:
            self.out.put(" ", i)

    def newline(self, i: int) -> None:
        """A newline is a space; a blank line (only spaces since the last newline) a break."""
        text = self.text
        j = i - 1
        while j >= self.start and text[j] in " \t\r":
            j -= 1
        if j < self.start or text[j] == "\n":
            self.paragraph_break(i)
        else:
            self.out.put(" ", i)

    # -- small readers ----------------------------------------------------------------------
    def skip_options(self, pos: int) -> int:
        """Skip spaces (within one line break) and any [optional] arguments."""
        text, end = self.text, self.end
        while True:
            pos = _SAME_LINE_SPACE.match(text, pos, end).end()
            if pos >= end or text[pos] != "[":
                return pos
            depth = 0
            for k in range(pos, min(end, pos + MAX_OPTION_CHARS)):
                c = text[k]
                if c == "{":
                    depth += 1
                elif c == "}":
                    depth -= 1
                elif c == "]" and depth <= 0:
                    pos = k + 1
                    break
            else:
                return pos

    def read_arg(self, pos: int) -> tuple[int, int, int] | None:
        """(content start, content end, position after) of the next argument."""
        pos = self.skip_options(pos)
        if pos >= self.end:
            return None
        c = self.text[pos]
        if c == "{":
            close = group_end(self.text, pos, self.end)
            if close < 0:
                self.diagnose(pos, pos + 1, "unclosed brace '{' in a command argument")
                return pos + 1, self.end, self.end
            return pos + 1, close - 1, close
        if c == "\\":
            m = _COMMAND.match(self.text, pos, self.end)
            if m is None:  # a lone backslash at the end of the range: `\def\` as a file ends
                return pos, pos + 1, pos + 1
            return pos, m.end(), m.end()
        if c == "}":
            return None
        return pos, pos + 1, pos + 1

    def arg_text(self, pos: int) -> tuple[str, int]:
        arg = self.read_arg(pos)
        if arg is None:
            return "", pos
        return self.text[arg[0]:arg[1]], arg[2]

    # -- commands ---------------------------------------------------------------------------
    def command(self, i: int) -> int:
        m = _COMMAND.match(self.text, i)
        if m is None:  # a lone backslash at the very end
            self.out.copy(i, i + 1)
            return i + 1
        name, star, symbol = m.groups()
        pos = m.end()
        if name is None:
            return self.control_symbol(i, pos, symbol)
        handler = _HANDLERS.get(name)
        if handler is not None:
            return handler(self, i, pos, name, star)
        if self.mode == "cell" and name in _MARKS:
            self.marks.add(_MARKS[name])
        macro = self.loader.expansion(name, self.file)
        if macro is not None:
            nargs, expansion, marks = macro
            if self.mode == "cell":
                self.marks.update(marks)
            self.out.put(self.loader.spend_macro_text(expansion), i)
            if self.mode != "macro":
                self.loader.report_macro_notes(self.file, i, pos)
            return pos
        builtin = _TEXT_MACROS.get(name)
        if builtin is not None:
            self.out.put(builtin, i)
            return pos
        spec = _ARG_SPECS.get(name)
        if spec:
            for kind in spec:
                if kind == "k":
                    return self.skip_options(pos)
                arg = self.read_arg(pos)
                if arg is None:
                    break
                pos = arg[2]
        return pos  # unknown command: dropped; a following {group} is kept as text

    def control_symbol(self, i: int, pos: int, symbol: str) -> int:
        if symbol == "\\":
            self.out.put(" ", i)
            return pos if self.mode == "cell" else self.skip_row_break_tail(pos)
        if symbol in "&%$#_{}":
            self.out.copy(i + 1, i + 2)
        elif symbol in " ,;:\n\t\r>":
            self.out.put(" ", i)
        elif symbol == "(":
            return self.math(i, pos, "\\)", inline=True)
        elif symbol == "[":
            return self.math(i, pos, "\\]", inline=False)
        elif symbol in _ACCENTS and pos < self.end:
            arg = self.read_arg(pos) if self.text[pos] == "{" else (pos, pos + 1, pos + 1)
            if arg is not None and arg[1] <= self.end:
                letter = self.text[arg[0]:arg[1]]
                self.out.put(unicodedata.normalize("NFC", letter + _ACCENTS[symbol]), i)
                return arg[2]
        return pos  # \- \/ \@ \! and the like print nothing

    def skip_row_break_tail(self, pos: int) -> int:
        if pos < self.end and self.text[pos] == "*":
            pos += 1
        if pos < self.end and self.text[pos] == "[":
            close = self.text.find("]", pos, self.end)
            if close > 0 and "\n" not in self.text[pos:close]:
                return close + 1
        return pos

    def h_section(self, i: int, pos: int, name: str, star: str) -> int:
        level = _SECTION_LEVELS[name]
        self.flush()
        pos = self.skip_options(pos)
        if pos >= self.end or self.text[pos] != "{":
            return pos
        loader = self.loader

        def close(sink: _Sink, end: int) -> None:
            title = " ".join(sink.text.text.split())
            loader.start_section(title, level, not star, self.file.span(i, end + 1))
            loader.add_block("heading", sink)

        if self.mode != "prose":
            return pos
        return self.open_sink("heading", pos, close)

    def h_capture(self, i: int, pos: int, name: str, star: str) -> int:
        """\\title, \\caption, \\footnote and the like: their argument is a block of its own."""
        loader = self.loader
        if name == "captionof":  # \captionof{table}{text}
            arg = self.read_arg(pos)
            pos = arg[2] if arg else pos
        pos = self.skip_options(pos)
        if pos >= self.end or self.text[pos] != "{":
            return pos
        kind = {"title": "title", "icmltitle": "title", "abstract": "abstract",
                "footnote": "footnote", "footnotetext": "footnote"}.get(name, "caption")

        def close(sink: _Sink, end: int) -> None:
            if kind == "footnote":
                block = Block("footnote", sink.text, loader.section)
                loader.footnotes.append(block)
                if sink.refs:
                    loader.pending_refs.append((block, sink.refs))
                return
            block = loader.add_block(kind, sink)
            if kind == "caption" and block is not None and loader.floats:
                fl = loader.floats[-1]
                if fl.caption is None or fl.depth == 0:
                    fl.caption = block

        if self.mode == "macro":
            return pos
        return self.open_sink(kind, pos, close)

    def h_item(self, i: int, pos: int, name: str, star: str) -> int:
        self.flush()
        return pos

    def h_par(self, i: int, pos: int, name: str, star: str) -> int:
        self.paragraph_break(i)
        return pos

    def h_appendix(self, i: int, pos: int, name: str, star: str) -> int:
        self.flush()
        self.loader.appendix = True
        self.loader.section_numbers = [0] * 6
        return pos

    def h_label(self, i: int, pos: int, name: str, star: str) -> int:
        label, pos = self.arg_text(pos)
        label = label.strip()
        loader = self.loader
        if loader.floats:
            loader.floats[-1].labels.append(label)
        elif self.cur.kind == "heading":  # \section{Title\label{x}}: numbered when it closes
            loader.heading_labels.append(label)
        elif loader.section_display and label not in loader.labels:
            loader.labels[label] = loader.section_display
        return pos

    def h_cite(self, i: int, pos: int, name: str, star: str) -> int:
        arg = self.read_arg(pos)
        if arg is not None and arg[1] <= self.end and self.text[arg[0] - 1:arg[0]] == "{":
            pos = arg[2]
        self.out.put(CITE_PLACEHOLDER, i)
        return pos

    def h_ref(self, i: int, pos: int, name: str, star: str) -> int:
        names, after = self.arg_text(pos)
        labels = tuple(n.strip() for n in names.split(",") if n.strip())
        if not labels:
            return after
        style = _REF_STYLES.get(name, "none")
        if self.mode == "cell":  # cells are final now: use the numbers known so far
            self.out.put(", ".join(self.loader.ref_text(n, style) for n in labels), i)
        else:
            self.cur.refs.append((len(self.out), labels, style, i))
        return after

    def h_hyperref(self, i: int, pos: int, name: str, star: str) -> int:
        if pos < self.end and self.text[pos] == "[":
            close = self.text.find("]", pos, self.end)
            if close > 0:
                self.cur.refs.append((len(self.out), (self.text[pos + 1:close].strip(),), "none", i))
                return close + 1
        return pos

    def h_url(self, i: int, pos: int, name: str, star: str) -> int:
        pos = _SAME_LINE_SPACE.match(self.text, pos, self.end).end()
        close = group_end(self.text, pos, self.end, comments=False) if self.text.startswith("{", pos) else -1
        if close < 0:
            return pos
        start, end, after = pos + 1, close - 1, close
        self.out.copy(start, end)
        target = self.text[start:end].strip()
        self.doc.links.append(Link(target, target, self.file.span(i, after)))
        return after

    def h_href(self, i: int, pos: int, name: str, star: str) -> int:
        pos = _SAME_LINE_SPACE.match(self.text, pos, self.end).end()
        close = group_end(self.text, pos, self.end, comments=False) if self.text.startswith("{", pos) else -1
        if close < 0:
            return pos
        target, pos = self.text[pos + 1:close - 1], self.skip_options(close)
        if pos < self.end and self.text[pos] == "{":
            self.groups.append((_G_LINK, i, (target.strip(), len(self.out))))
            return pos + 1
        return pos

    def h_include(self, i: int, pos: int, name: str, star: str) -> int:
        if name in ("import", "subimport", "inputfrom", "subinputfrom", "includefrom",
                    "subincludefrom"):
            folder, pos = self.arg_text(pos)
            target, pos = self.arg_text(pos)
            target = os.path.join(folder.strip(), target.strip())
        elif pos < self.end and self.text[pos] in "{ \t":
            m = _UNBRACED_INPUT.match(self.text, pos, self.end) if self.text[pos] != "{" else None
            if m is not None and name == "input":
                target, pos = m.group(1), m.end()
            else:
                target, pos = self.arg_text(pos)
        else:
            return pos
        target = target.strip()
        if not target:
            return pos
        if self.mode != "prose":
            self.diagnose(i, pos, f"\\{name}{{{target}}} inside a table cell or macro is not followed")
            return pos
        self.flush()
        self.loader.include(self, target, name.startswith("sub") and name != "subfile", i, pos)
        return pos

    def h_define(self, i: int, pos: int, name: str, star: str) -> int:
        """\\newcommand{\\ours}[n]{body} and friends: remember the body for later uses."""
        text = self.text
        pos = _SAME_LINE_SPACE.match(text, pos, self.end).end()
        arg = self.read_arg(pos)
        if arg is None:
            return pos
        defined = text[arg[0]:arg[1]].strip().lstrip("\\")
        pos = _SAME_LINE_SPACE.match(text, arg[2], self.end).end()
        nargs = 0
        if name in _TEX_DEFINERS:
            params = _DEF_PARAMS.match(text, pos, self.end)
            nargs = params.group().count("#")
            pos = params.end()
        elif name in ("NewDocumentCommand", "RenewDocumentCommand"):
            spec, pos = self.arg_text(pos)
            nargs = len(re.findall(r"[mOogsvr]", spec))
        elif pos < self.end and text[pos] == "[":
            close = text.find("]", pos, self.end)
            if close > 0:
                count = text[pos + 1:close].strip()
                nargs = int(count) if count.isdigit() else 1
                pos = _SAME_LINE_SPACE.match(text, close + 1, self.end).end()
                if pos < self.end and text[pos] == "[":  # a default for the first argument
                    close = text.find("]", pos, self.end)
                    pos = close + 1 if close > 0 else pos
        body = self.read_arg(pos)
        if body is None:
            return pos
        if defined:
            self.loader.define(defined, nargs, text[body[0]:body[1]])
        return body[2]

    def h_skip_definition(self, i: int, pos: int, name: str, star: str) -> int:
        """\\newenvironment{name}[n]{begin}{end} and \\let: nothing to read as prose."""
        count = 3 if name in _ENV_DEFINERS else 2
        for _ in range(count):
            arg = self.read_arg(pos)
            if arg is None:
                break
            pos = arg[2]
        return pos

    def h_multi(self, i: int, pos: int, name: str, star: str) -> int:
        """\\multicolumn{n}{spec}{text} / \\multirow{n}{width}{text}: keep the text, note n."""
        count, pos = self.arg_text(pos)
        try:
            n = int(count.strip())
        except ValueError:
            n = 1
        if self.mode == "cell":
            if name == "multicolumn":
                self.columns = max(1, n)
            else:
                self.rows = n
        arg = self.read_arg(pos)
        return self.skip_options(arg[2]) if arg else pos

    def h_verb(self, i: int, pos: int, name: str, star: str) -> int:
        """Inline code is not prose (like Markdown's `code`): skipped."""
        if pos >= self.end:
            return pos
        delimiter = self.text[pos]
        if delimiter == "{":
            arg = self.read_arg(pos)
            return arg[2] if arg else pos
        close = self.text.find(delimiter, pos + 1, self.end)
        return close + 1 if close > 0 else pos

    def h_iffalse(self, i: int, pos: int, name: str, star: str) -> int:
        m = _FI.search(self.text, pos, self.end)
        if m is None:
            self.diagnose(i, pos, "\\iffalse without \\fi (the rest is read as text)")
            return pos
        return m.end()

    # -- environments -----------------------------------------------------------------------
    def h_begin(self, i: int, pos: int, name: str, star: str) -> int:
        m = _ENV_NAME.match(self.text, pos, self.end)
        if m is None:
            return pos
        env = m.group(1).strip()
        pos = m.end()
        loader = self.loader
        if env in _SKIPPED_ENVS or env in _MATH_ENVS:
            close = self.find_end(env, pos)
            if close is None:
                self.diagnose(i, pos, f"\\begin{{{env}}} without \\end{{{env}}} (read as text)")
                return pos
            if env in _MATH_ENVS:
                self.out.put(MATH_PLACEHOLDER, i)
                self.math_labels(pos, close[0], numbered=env in _NUMBERED_MATH)
            return close[1]
        if env in _TABULARS:
            return self.tabular(i, pos, env)
        if env == "document" and any(e == "document" for e, _ in self.envs):
            # a stray second \begin{document} (a pasted template): said where it is, and read as
            # nothing, so the one \end{document} still closes the document
            self.diagnose(i, pos, "a second \\begin{document} inside the document (ignored)")
            return pos
        if env == "document":
            self.preamble = False
            self.main = _Sink(loader.kinds[-1], self.file)
            self.sinks[0] = self.main
            self.cur = self.sinks[-1]
            self.out = self.cur.text
        pos = self.skip_options(pos)
        for _ in range(_ENV_ARG_COUNT.get(env, 0)):
            arg = self.read_arg(pos)
            pos = arg[2] if arg else pos
        if env in _TABLE_FLOATS or env in _FIGURE_FLOATS:
            self.flush()
            loader.floats.append(_Float("table" if env in _TABLE_FLOATS else "figure",
                                        self.file, i))
        elif env in _SUB_FLOATS:
            if loader.floats:
                loader.floats[-1].depth += 1
        elif env in _LISTS or env in _QUOTES or env == "abstract":
            self.flush()
            loader.kinds.append("item" if env in _LISTS else "quote" if env in _QUOTES
                                else "abstract")
            if env == "abstract":
                loader.saved_sections.append(loader.section)
                loader.section = Section("Abstract", "abstract", 1, self.file.span(i, pos))
                if self.preamble:  # an abstract before \begin{document}, printed by \maketitle
                    self.preamble, self.abstract_in_preamble = False, True
            self.main.kind = loader.kinds[-1]
        self.envs.append((env, i))
        return pos

    def h_end(self, i: int, pos: int, name: str, star: str) -> int:
        m = _ENV_NAME.match(self.text, pos, self.end)
        if m is None:
            return pos
        env = m.group(1).strip()
        if not any(e == env for e, _ in self.envs):
            self.diagnose(i, m.end(), f"\\end{{{env}}} without a matching \\begin{{{env}}}")
            if env == "document":
                self.stopped = True
            return m.end()
        while self.envs[-1][0] != env:
            inner, at = self.envs[-1]
            self.diagnose(at, at + len(inner) + 8, f"\\begin{{{inner}}} without \\end{{{inner}}}")
            self.end_environment(inner, i)
        self.end_environment(env, m.end())
        if env == "document":
            self.stopped = True
        return m.end()

    def end_environment(self, env: str, end: int) -> None:
        self.envs.pop()
        loader = self.loader
        if env in _TABLE_FLOATS or env in _FIGURE_FLOATS:
            self.flush()
            if loader.floats:
                loader.finish_float(loader.floats.pop(), self.file, end)
        elif env in _SUB_FLOATS:
            if loader.floats:
                loader.floats[-1].depth -= 1
        elif env in _LISTS or env in _QUOTES or env == "abstract":
            self.flush()
            if len(loader.kinds) > 1:
                loader.kinds.pop()
            if env == "abstract" and loader.saved_sections:
                loader.section = loader.saved_sections.pop()
            if env == "abstract" and self.abstract_in_preamble:
                self.preamble, self.abstract_in_preamble = True, False
            self.main.kind = loader.kinds[-1]

    def find_end(self, env: str, pos: int) -> tuple[int, int] | None:
        """(start of \\end{env}, position after it), counting nested \\begin{env} — but not
        those in comments (a commented-out older \\begin{tabular} line is common in papers)."""
        pattern = re.compile(r"\\(begin|end)\s*\{" + re.escape(env) + r"\}")
        depth = 1
        for m in pattern.finditer(self.text, pos, self.end):
            if self.commented(m.start()):
                continue
            depth += 1 if m.group(1) == "begin" else -1
            if depth == 0:
                return m.start(), m.end()
        return None

    def math_labels(self, start: int, end: int, numbered: bool) -> None:
        for m in _LABEL_IN_MATH.finditer(self.text, start, end):
            self.loader.counters["equation"] += 1
            self.loader.labels[m.group(1).strip()] = f"Equation {self.loader.counters['equation']}"
        if numbered and not _LABEL_IN_MATH.search(self.text, start, end):
            self.loader.counters["equation"] += 1

    def tabular(self, i: int, pos: int, env: str) -> int:
        if self.mode != "prose":  # a tabular inside a cell (stacked header text) reads inline
            pos = self.skip_options(pos)
            for _ in range(2 if env in _WIDTH_FIRST else 1):
                arg = self.read_arg(pos)
                pos = arg[2] if arg else pos
            self.envs.append((env, i))
            return pos
        pos = self.skip_options(pos)
        for _ in range(2 if env in _WIDTH_FIRST else 1):
            arg = self.read_arg(pos)
            pos = arg[2] if arg else pos
        close = self.find_tabular_end(pos)
        if close is None:
            self.diagnose(i, pos, f"\\begin{{{env}}} without \\end{{{env}}} (read as text)")
            return pos
        body_end, after = close
        self.flush()
        loader = self.loader
        room = loader.table_budget.room()
        if room[0] == 0:  # the document's tables are full: this one is skipped, not read as prose
            message = loader.table_budget.refuse()
            if message:
                self.diagnose(i, pos, message)
            return after
        own_float = env in ("longtable", "longtblr")
        if own_float:
            loader.floats.append(_Float("table", self.file, i))
        table = parse_tabular(self.file, env, pos, body_end, self.file.span(i, after),
                              self.clean_cell, self.record_comment, self.prose_range,
                              on_limit=self.diagnose, room=room)
        loader.table_budget.add(table.rows)
        table.section = loader.section
        self.doc.tables.append(table)
        if loader.floats:
            loader.floats[-1].tables.append(table)
        else:
            loader.counters["table"] += 1
            table.number = loader.counters["table"]
        if own_float:
            loader.finish_float(loader.floats.pop(), self.file, after)
        return after

    def commented(self, at: int) -> bool:
        """Whether offset `at` lies after an unescaped % on its line."""
        line_start = self.text.rfind("\n", 0, at) + 1
        return _COMMENT_START.search(self.text, line_start, at) is not None

    def find_tabular_end(self, pos: int) -> tuple[int, int] | None:
        depth = 1
        for m in _TABULAR_EDGE.finditer(self.text, pos, self.end):
            if self.commented(m.start()):
                continue
            depth += 1 if m.group(1) == "begin" else -1
            if depth == 0:
                return m.start(), m.end()
        return None

    def clean_cell(self, start: int, end: int) -> CellText:
        cell = _Scanner(self.loader, self.file, mode="cell")
        cell.run(start, end)
        cell.close_all()
        return CellText(cell.main.text, cell.marks, cell.columns, cell.rows)

    def record_comment(self, start: int, end: int) -> None:
        body = self.text[start + 1:end].rstrip("\r")
        stop = start + 1 + len(body)
        self.doc.comments.append(Comment(body, self.file.span(start, stop)))

    def prose_range(self, start: int, end: int) -> None:
        """Rows of a longtable that are prose (its caption): scanned like the body text."""
        scanner = _Scanner(self.loader, self.file, mode="prose")
        scanner.comments_recorded = True
        scanner.run(start, end)
        scanner.close_all()

    # -- comments and math ------------------------------------------------------------------
    comments_recorded = False  # a range whose comments someone else already recorded

    def comment(self, i: int) -> int:
        eol = self.text.find("\n", i, self.end)
        eol = self.end if eol < 0 else eol
        if self.mode == "prose" and not self.comments_recorded:
            self.record_comment(i, eol)
        if eol >= self.end:
            return self.end
        pos = eol + 1  # TeX also swallows the line end and the next line's indentation
        while pos < self.end and self.text[pos] in " \t":
            pos += 1
        return pos

    def dollar(self, i: int) -> int:
        text, end = self.text, self.end
        if text.startswith("$$", i):
            close = text.find("$$", i + 2, end)
            if close < 0:
                self.diagnose(i, i + 2, "unclosed display math '$$' (read as text)")
                self.out.copy(i, i + 2)
                return i + 2
            self.out.put(MATH_PLACEHOLDER, i)
            self.math_labels(i + 2, close, numbered=False)
            return close + 2
        close = _INLINE_MATH.match(text, i + 1, end).end()
        if close >= end or text[close] != "$" or _PAR_BREAK.search(text, i + 1, close):
            self.diagnose(i, i + 1, "unclosed math '$' (read as text)")
            self.out.copy(i, i + 1)
            return i + 1
        self.inline_math(i, i + 1, close)
        return close + 1

    def math(self, i: int, pos: int, closing: str, inline: bool) -> int:
        close = self.text.find(closing, pos, self.end)
        if close < 0:
            self.diagnose(i, pos, f"unclosed math '{self.text[i:pos]}' (read as text)")
            return pos
        if inline:
            self.inline_math(i, pos, close)
        else:
            self.out.put(MATH_PLACEHOLDER, i)
        return close + len(closing)

    def inline_math(self, at: int, start: int, end: int) -> None:
        """Keep math that states a number ($4\\times$, $86.6$, $10^{9}$, $\\approx 3.1$) as
        readable text; anything else (a formula) becomes one placeholder."""
        ops: list[tuple[str, int, int]] = []
        has_number = has_symbol = has_variable = False
        text_groups: list[bool] = []
        next_is_text = False
        in_text = False
        text = self.text
        for m in _MATH_TOKEN.finditer(text, start, end):
            kind = m.lastgroup
            s, e = m.span()
            if kind == "ws":
                if in_text:
                    ops.append((" ", s, s))
            elif kind == "num":
                ops.append(("", s, e))
                has_number = True
            elif kind == "cmd":
                name = m.group("cmd")
                if name in _MATH_SYMBOLS:
                    ops.append((_MATH_SYMBOLS[name], s, s))
                    has_symbol = True
                elif name in _MATH_TEXT:
                    next_is_text = True
                    if self.mode == "cell" and name in _MARKS:
                        self.marks.add(_MARKS[name])
                elif (macro := self.loader.expansion(name, self.file)) and macro[0] == 0:
                    ops.append((self.loader.spend_macro_text(macro[1]), s, s))
                    if self.mode != "macro":
                        self.loader.report_macro_notes(self.file, s, e)
                elif name in _GREEK:
                    ops.append((_GREEK[name], s, s))
                    has_variable = True
                elif name not in _MATH_IGNORED:
                    break
            elif kind == "sym":
                symbol = m.group("sym")
                if symbol in "%#&_{}$":
                    ops.append(("", s + 1, e))
                    has_symbol = True
                elif symbol in ",;: ":
                    ops.append((" ", s, s))
                elif symbol != "!":
                    break
            elif kind == "word":
                ops.append(("", s, e))
                has_variable = has_variable or not in_text
            elif kind == "open":
                text_groups.append(next_is_text)
                in_text = in_text or next_is_text
                next_is_text = False
            elif kind == "close":
                if text_groups:
                    text_groups.pop()
                in_text = any(text_groups)
            elif kind == "tilde":
                ops.append((" ", s, s))
            else:
                ops.append(("", s, e))
                has_symbol = has_symbol or kind == "other"
        else:
            if has_number or has_symbol or (ops and not has_variable):
                out = self.out
                for put, s, e in ops:
                    if put:
                        out.put(put, s)
                    else:
                        out.copy(s, e)
                return
        self.out.put(MATH_PLACEHOLDER, at)


_TABULAR_EDGE = re.compile(r"\\(begin|end)\s*\{(?:" + "|".join(re.escape(t) for t in _TABULARS)
                           + r")\}")

_HANDLERS = {
    **{name: _Scanner.h_section for name in _SECTION_LEVELS},
    **{name: _Scanner.h_capture for name in ("title", "icmltitle", "caption", "subcaption",
                                              "captionof", "footnote", "footnotetext",
                                              "abstract")},
    **{name: _Scanner.h_cite for name in _CITES},
    **{name: _Scanner.h_ref for name in _REF_STYLES},
    **{name: _Scanner.h_include for name in _INCLUDES},
    **{name: _Scanner.h_define for name in _DEFINERS | _TEX_DEFINERS},
    **{name: _Scanner.h_skip_definition for name in _ENV_DEFINERS | {"let"}},
    "begin": _Scanner.h_begin, "end": _Scanner.h_end, "item": _Scanner.h_item,
    "par": _Scanner.h_par, "appendix": _Scanner.h_appendix, "label": _Scanner.h_label,
    "url": _Scanner.h_url, "path": _Scanner.h_url, "href": _Scanner.h_href,
    "hyperref": _Scanner.h_hyperref, "multicolumn": _Scanner.h_multi,
    "multirow": _Scanner.h_multi, "verb": _Scanner.h_verb, "lstinline": _Scanner.h_verb,
    "mintinline": _Scanner.h_verb, "iffalse": _Scanner.h_iffalse,
}


def load(path: str, text: str | None = None) -> Document:
    """Read a LaTeX root file (or `text` given for it), follow its includes, build the Document."""
    root, notes = read_source(path, text)
    document = Document(path=path, format="latex", files=[root], diagnostics=list(notes))
    loader = _Loader(document, root)
    _Scanner(loader, root).scan_file()
    loader.finish()
    return finalize(document)
