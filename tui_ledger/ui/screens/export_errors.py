"""View Details of an Errors pane (seed 004): the documents that cannot go, grouped by kind of error.

Each group expands to its documents; the Error Details on the right say what is wrong with the highlighted
document and where it is fixed — in ConnectWise (the document or its GL mapping), in the accounting package
(accounts, tax rates, documents already there) or in Settings. After fixing, Refresh (`r`) until the documents
move to Ready. A document already in the package with other content is not fixed elsewhere: the user chooses
here (`c`) to link it, update it, or skip it (DESIGN.md §5).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static, Tree
from textual.widgets.tree import TreeNode

from tui_ledger.domain.checks import CheckKind, GroupEntry, Problem, ProblemGroup, Resolution, Verdict
from tui_ledger.domain.checks.labels import document_label
from tui_ledger.domain.documents import DocumentKind
from tui_ledger.domain.money import format_money
from tui_ledger.services.export import resolvable
from tui_ledger.services.export.journal_rows import document_key
from tui_ledger.services.export_checked import CheckedDocuments, PaneFigures
from tui_ledger.services.workspace import Workspace
from tui_ledger.ui.context import ledger_app
from tui_ledger.ui.export_keys import ERRORS_COMMANDS
from tui_ledger.ui.keymap import bindings_for
from tui_ledger.ui.modals.export_choice import ResolutionChoiceScreen
from tui_ledger.ui.screens.export_results import totals_text
from tui_ledger.ui.widgets.header import ShellHeader

Chooser = Callable[[Verdict, Resolution], CheckedDocuments]
"""Records the user's choice for a conflicting document and returns the documents as they now stand."""


@dataclass(frozen=True, slots=True)
class ErrorNode:
    """What a tree node stands for: a group, or one document of a group."""

    group: ProblemGroup
    entry: GroupEntry | None = None


def document_line(entry: GroupEntry, separator: str) -> str:
    """`Invoice 5013 · Cedar Ridge Veterinary Clinic · 2025-01-06 · 1,234.00 USD`."""
    document = entry.document
    return f" {separator} ".join(
        (
            document_label(document),
            document.counterparty.label,
            document.document_date.isoformat(),
            format_money(document.total, document.currency),
        )
    )


def problem_text(problem: Problem) -> str:
    return f"{problem.message}\n  Fix in {problem.fix.where}: {problem.fix.instruction}"


class ErrorsTree(Tree[ErrorNode]):
    HELP = """\
## Documents with errors

Grouped by the kind of error (seed 004), each group with how many documents it holds.

- `enter` expands or collapses a group; `up` / `down` move through groups and documents.
- The Error Details on the right say what is wrong with the highlighted document and where to fix it:
  **ConnectWise** (the document or its GL mapping), the **accounting package** (accounts, tax rates,
  documents already there) or **Settings**.
- `c` on a document already in the package with other content: link to it, update it, or skip it.
- After fixing, `r` refreshes: fixed documents move to Ready.
"""


class ErrorsScreen(Screen[None]):
    """The Errors of one document type, grouped, with details and where to fix each."""

    CSS_PATH = Path(__file__).parent.parent / "styles" / "export_details.tcss"
    LEDGER_COMMANDS = ERRORS_COMMANDS
    BINDINGS = bindings_for(ERRORS_COMMANDS)
    AUTO_FOCUS = "ErrorsTree"
    HELP = ErrorsTree.HELP

    def __init__(
        self,
        workspace: Workspace,
        checked: CheckedDocuments,
        kind: DocumentKind,
        *,
        group: int,
        refresh: Callable[[], None],
        choose: Chooser,
    ) -> None:
        super().__init__()
        self.workspace = workspace
        self.checked = checked
        self.kind = kind
        self._first_group = group
        self._refresh = refresh
        self._choose = choose

    def compose(self) -> ComposeResult:
        yield ShellHeader(f"{self.kind.plural_title} with errors", self.workspace)
        yield Static("", id="errors-caption", markup=False)
        with Horizontal(id="errors-body"):
            tree: ErrorsTree = ErrorsTree("Errors", id="errors-tree")
            tree.show_root = False
            tree.auto_expand = True
            yield tree
            with VerticalScroll(id="error-details-box"):
                yield Static("", id="error-details", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#error-details-box").border_title = "Error Details"
        self.watch(ledger_app(self), "glyphs", self._glyphs_changed)
        groups = self.checked.groups(self.kind)
        wanted = groups[self._first_group].kind if self._first_group < len(groups) else None
        self._fill(expanded={wanted} if wanted else set(), cursor_kind=wanted, cursor_document=None)

    @property
    def tree(self) -> ErrorsTree:
        return self.query_one(ErrorsTree)

    def _glyphs_changed(self) -> None:
        glyphs = ledger_app(self).glyphs
        tree = self.tree
        tree.ICON_NODE, tree.ICON_NODE_EXPANDED = ("▶ ", "▼ ") if glyphs.is_unicode else ("+ ", "- ")
        tree.show_guides = glyphs.is_unicode
        self._caption()
        tree.refresh()

    def _caption(self) -> None:
        separator = ledger_app(self).glyphs.separator
        figures = self.checked.error_figures(self.kind)
        groups = self.checked.groups(self.kind)
        kinds = f"{len(groups)} kind{'s' if len(groups) != 1 else ''} of error"
        text = f" {separator} ".join(
            (
                f"{self.kind.plural_title} with errors for {self.checked.target} ({self.checked.package})",
                str(figures.count),
                totals_text(figures),
                kinds,
            )
        )
        self.query_one("#errors-caption", Static).update(text)

    def _fill(self, *, expanded: set[CheckKind], cursor_kind: CheckKind | None, cursor_document: object) -> None:
        """(Re)build the tree from `self.checked`: groups expanded as before, the cursor where it was."""
        tree = self.tree
        tree.clear()
        separator = ledger_app(self).glyphs.separator
        cursor: TreeNode[ErrorNode] | None = None
        for group in self.checked.groups(self.kind):
            label = Text.assemble(
                (group.title, "bold"),
                f"  {group.document_count} document{'s' if group.document_count != 1 else ''}",
            )
            node = tree.root.add(label, data=ErrorNode(group), expand=group.kind in expanded)
            if group.kind == cursor_kind and cursor is None:
                cursor = node
            for entry in group.entries:
                leaf = node.add_leaf(document_line(entry, separator), data=ErrorNode(group, entry))
                if cursor_document is not None and document_key(entry.document) == cursor_document:
                    cursor = leaf
        self._caption()
        if not tree.root.children:
            self.query_one("#error-details", Static).update(
                f"No {self.kind.plural_title.lower()} with errors: everything retrieved is under Ready."
            )
            return
        self.call_after_refresh(self._place_cursor, cursor)

    def _place_cursor(self, node: TreeNode[ErrorNode] | None) -> None:
        tree = self.tree
        tree.move_cursor(node or tree.root.children[0])
        self._describe(tree.cursor_node)

    @on(Tree.NodeHighlighted)
    def _highlighted(self, event: Tree.NodeHighlighted[ErrorNode]) -> None:
        self._describe(event.node)

    def _describe(self, node: TreeNode[ErrorNode] | None) -> None:
        details = self.query_one("#error-details", Static)
        if node is None or node.data is None:
            details.update("")
            return
        data = node.data
        details.update(self._entry_details(data.group, data.entry) if data.entry else self._group_details(data.group))

    def _group_details(self, group: ProblemGroup) -> str:
        places: dict[str, int] = {}
        instructions: list[str] = []
        for entry in group.entries:
            for problem in entry.problems:
                places[problem.fix.where] = places.get(problem.fix.where, 0) + 1
                if problem.fix.instruction not in instructions:
                    instructions.append(problem.fix.instruction)
        where = ", ".join(places)
        shown = instructions[:5]
        more = len(instructions) - len(shown)
        figures = PaneFigures.of_documents(entry.document for entry in group.entries)
        lines = [
            group.title,
            f"{group.document_count} documents, {totals_text(figures)}",
            "",
            f"Where to fix: {where}",
            *(f"- {instruction}" for instruction in shown),
        ]
        if more > 0:
            lines.append(f"- and {more} more (open the documents)")
        lines += ["", "enter expands the group; each document says what is wrong with it."]
        return "\n".join(lines)

    def _entry_details(self, group: ProblemGroup, entry: GroupEntry) -> str:
        verdict = self._verdict(entry)
        separator = ledger_app(self).glyphs.separator
        lines = [document_line(entry, separator), "", group.title, *(problem_text(p) for p in entry.problems)]
        others = [p for p in (verdict.problems if verdict else ()) if p.kind is not group.kind]
        blocking = [p for p in others if p.blocking]
        warnings = [p for p in others if not p.blocking]
        if blocking:
            lines += ["", "Also blocking it:", *(f"- {problem_text(p)}" for p in blocking)]
        if warnings:
            lines += ["", "Warnings (do not block):", *(f"- {p.message}" for p in warnings)]
        if verdict is not None and resolvable(verdict):
            chosen = self.checked.resolution_of(verdict)
            lines += ["", "c: link to the copy in the package, update it from ConnectWise, or skip it."]
            if chosen is Resolution.SKIP:
                lines.append("Chosen: skip (it stays unposted).")
        return "\n".join(lines)

    def _verdict(self, entry: GroupEntry) -> Verdict | None:
        key = document_key(entry.document)
        return next((v for v in self.checked.errors(self.kind) if document_key(v.document) == key), None)

    # -- actions ----------------------------------------------------------------------------------------------

    def action_choose(self) -> None:
        node = self.tree.cursor_node
        entry = node.data.entry if node is not None and node.data is not None else None
        verdict = self._verdict(entry) if entry is not None else None
        if verdict is None or not resolvable(verdict):
            self.notify(
                "Only a document already in the package with other content (and no other error) takes a choice; "
                "the others are fixed where the details say.",
                title="Link / update / skip",
                severity="warning",
            )
            return
        self.app.push_screen(
            ResolutionChoiceScreen.for_verdict(verdict, self.checked.package),
            lambda choice: self._chosen(verdict, choice),
        )

    def _chosen(self, verdict: Verdict, choice: Resolution | None) -> None:
        if choice is None:
            return
        label = document_label(verdict.document)
        self.show_checked(self._choose(verdict, choice))
        if choice is Resolution.SKIP:
            self.notify(f"{label} is skipped: it stays unposted.", title="Skip")
        else:
            verb = "linked to the copy in" if choice is Resolution.LINK else "updated in"
            self.notify(f"{label} will be {verb} {self.checked.package}; it is now under Ready.", title="Chosen")

    def action_refresh(self) -> None:
        self.query_one("#errors-caption", Static).update(
            f"{ledger_app(self).glyphs.running} Retrieving and checking again..."
        )
        self._refresh()

    def action_close(self) -> None:
        self.dismiss(None)

    def show_checked(self, checked: CheckedDocuments) -> None:
        """After a Refresh or a choice: the groups as they stand now, expanded as before, the cursor kept."""
        tree = self.tree
        expanded = {node.data.group.kind for node in tree.root.children if node.is_expanded and node.data is not None}
        node = tree.cursor_node
        cursor_kind = node.data.group.kind if node is not None and node.data is not None else None
        cursor_document = (
            document_key(node.data.entry.document) if node is not None and node.data and node.data.entry else None
        )
        self.checked = checked
        self._fill(expanded=expanded, cursor_kind=cursor_kind, cursor_document=cursor_document)
