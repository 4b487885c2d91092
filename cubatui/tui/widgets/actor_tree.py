"""Actors, most-quoted first, with their claims beneath; a filter box narrows the tree."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static, Tree
from textual.widgets.tree import TreeNode

from cubatui.model import Actor, Analysis, Claim
from cubatui.tui.messages import ActorPicked, ClaimPicked
from cubatui.tui.palette import claim_marker
from cubatui.tui.safe_text import one_line

UNATTRIBUTED = "(no speaker found)"


@dataclass(frozen=True)
class NodeRef:
    """What a tree node stands for: an actor or a claim (by id)."""

    kind: str  # "actor" or "claim"
    id: str | None


def actor_matches(actor: Actor, needle: str) -> bool:
    haystack = " ".join((actor.name, actor.kind, *actor.aliases, *actor.descriptions)).casefold()
    return needle in haystack


def claim_label(claim: Claim, width: int = 48) -> Text:
    label = Text()
    label.append(f"{claim_marker(claim.kind)} ", style="bold")
    label.append(one_line(claim.text, width))
    return label


def actor_label(actor: Actor | None, count: int) -> Text:
    label = Text()
    label.append(one_line(actor.name, 40) if actor else UNATTRIBUTED, style="bold")
    if actor:
        label.append(f" {actor.kind.lower()}", style="dim")
    label.append(f" · {count}", style="dim")
    return label


class ActorTree(Tree[NodeRef]):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="actors.down"),
        Binding("k", "cursor_up", "Up", show=False, id="actors.up"),
        Binding("g", "first", "First", show=False, id="actors.first"),
        Binding("G", "last", "Last", show=False, id="actors.last"),
        Binding("enter", "select_cursor", "Show in article", id="actors.show"),
        Binding("space", "toggle_node", "Fold", show=False, id="actors.fold"),
        Binding("A", "app.actor_across", "This actor across articles", show=False, id="actors.across"),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__("actors", **kwargs)
        self.show_root = False
        self.guide_depth = 2
        self._syncing = False

    def action_first(self) -> None:
        if self.last_line >= 0:
            self.move_cursor_to_line(0)

    def action_last(self) -> None:
        if self.last_line >= 0:
            self.move_cursor_to_line(self.last_line)

    def populate(self, analysis: Analysis | None, needle: str = "") -> None:
        """Rebuild the tree; ``needle`` keeps actors whose names match, or the claims that do."""
        self.clear()
        if analysis is None:
            return
        needle = needle.casefold().strip()
        groups: list[tuple[Actor | None, list[Claim]]] = [
            (actor, analysis.claims_by(actor.id)) for actor in analysis.actors_by_claims()]
        unattributed = sorted((q for q in analysis.quotes if analysis.actor(q.speaker) is None), key=lambda q: q.start)
        if unattributed:
            groups.append((None, unattributed))
        for actor, claims in groups:
            shown = claims
            if needle and not (actor and actor_matches(actor, needle)):
                shown = [q for q in claims if needle in q.text.casefold()]
                if not shown:
                    continue
            node = self.root.add(actor_label(actor, len(claims)), data=NodeRef("actor", actor.id if actor else None),
                                 expand=True, allow_expand=bool(shown))
            for claim in shown:
                node.add_leaf(claim_label(claim), data=NodeRef("claim", claim.id))

    def find_node(self, ref: NodeRef) -> TreeNode[NodeRef] | None:
        stack = list(self.root.children)
        while stack:
            node = stack.pop(0)
            if node.data == ref:
                return node
            stack.extend(node.children)
        return None

    def show_selection(self, ref: NodeRef | None) -> None:
        """Put the cursor on the node for the app's selection, without echoing it back."""
        node = self.find_node(ref) if ref else None
        if node is None:
            return
        if node.parent is not None and not node.parent.is_expanded:
            node.parent.expand()
        if self.cursor_node is not node:
            self._syncing = True
            self.move_cursor(node)
            self.call_after_refresh(self._end_sync)

    def _end_sync(self) -> None:
        self._syncing = False

    def _pick(self, node: TreeNode[NodeRef], jump: bool) -> None:
        ref = node.data
        if ref is None:
            return
        if ref.kind == "claim" and ref.id:
            self.post_message(ClaimPicked(ref.id, jump=jump))
        elif ref.kind == "actor" and ref.id:
            self.post_message(ActorPicked(ref.id, jump=jump))

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[NodeRef]) -> None:
        event.stop()
        if not self._syncing:
            self._pick(event.node, jump=False)

    def on_tree_node_selected(self, event: Tree.NodeSelected[NodeRef]) -> None:
        # enter or a click: select and bring it into view in the article.
        event.stop()
        self._pick(event.node, jump=True)

    def on_key(self, event: events.Key) -> None:
        """Type to filter: a printable key that no binding uses goes to the filter box."""
        if not event.is_printable or not event.character or event.character.isspace():
            return
        if event.key in self.app.active_bindings or event.character in self.app.active_bindings:
            return
        pane = self.parent
        if isinstance(pane, ActorsPane):
            event.stop()
            event.prevent_default()
            pane.filter_input.focus()
            pane.filter_input.insert_text_at_cursor(event.character)


class ActorsPane(Vertical):
    """The filter box, the tree, and an empty-state line."""

    def compose(self) -> ComposeResult:
        yield Input(placeholder="filter actors and claims…", id="actor-filter", compact=True,
                    select_on_focus=False)
        yield Static("", id="actors-empty")
        yield ActorTree(id="actor-tree")

    @property
    def filter_input(self) -> Input:
        return self.query_one("#actor-filter", Input)

    @property
    def actor_tree(self) -> ActorTree:
        return self.query_one(ActorTree)

    def show(self, analysis: Analysis | None) -> None:
        self.analysis = analysis
        self._refill()

    def _refill(self) -> None:
        analysis = getattr(self, "analysis", None)
        needle = self.filter_input.value
        self.actor_tree.populate(analysis, needle)
        empty = self.query_one("#actors-empty", Static)
        if analysis is None:
            message = "Waiting for the analysis…"
        elif not analysis.actors and not analysis.quotes:
            message = "No actors or claims found in this article."
        elif not analysis.quotes:
            message = "No claims found in this article."
        elif not self.actor_tree.root.children:
            message = "Nothing matches the filter."
        else:
            message = ""
        empty.update(Text(message))
        empty.display = bool(message)
        self.actor_tree.display = bool(self.actor_tree.root.children)

    @on(Input.Changed, "#actor-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._refill()

    def on_key(self, event: events.Key) -> None:
        # escape in the filter box: clear it and go back to the tree.
        if event.key == "escape" and self.filter_input.has_focus:
            event.stop()
            self.filter_input.value = ""
            self.actor_tree.focus()

    @on(Input.Submitted, "#actor-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.actor_tree.focus()
