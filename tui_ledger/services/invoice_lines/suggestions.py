"""Mapping suggestions: which ConnectWise company or product a platform name most likely means.

Gradient auto-matches accounts "on exact name"; AppXite's mapping lists suggestions. Names drift between systems
in predictable ways — case, punctuation, a legal suffix ("Contoso Pharmaceuticals Inc." vs "Contoso
Pharmaceuticals"), a word dropped ("Granite State Insurance" vs "... Agency") — so a name is compared twice:

- exact: equal after case folding and collapsing punctuation and spaces; safe to accept in bulk;
- near: the most similar candidate by `difflib` ratio on the names without legal suffixes, at or above
  `NEAR_CUTOFF`; shown for the user to confirm, never applied on its own.

A million-line month names some twenty-five thousand organizations and a tenant may hold thousands of
companies, so a near suggestion never compares a name with every candidate: candidates are indexed by the
three-letter pieces of their names, and `difflib` only weighs the `SHORTLIST` sharing the most pieces (a name
similar enough to reach the cutoff shares most of its pieces). Suggestions are asked for lazily, row by row as
the Mapping screen shows them, and each name's answer is remembered.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

NEAR_CUTOFF = 0.8
"""Similarity (0..1) a near suggestion needs; below it the row shows no suggestion rather than a wild guess."""

LEGAL_SUFFIXES = frozenset(
    {"inc", "incorporated", "ltd", "limited", "llc", "llp", "lp", "plc", "co", "corp", "corporation", "company"}
    | {"gmbh", "ag", "bv", "nv", "sa", "sarl", "srl", "spa", "ab", "as", "asa", "oy", "pty", "pte", "kk"}
)
SHORTLIST = 32
"""Candidates a near suggestion weighs with `difflib`: those sharing the most three-letter pieces with the name."""

_NON_WORD = re.compile(r"[^\w]+")


@dataclass(frozen=True, slots=True)
class Candidate:
    """Something a name can be mapped to: its id, the name a mapping stores, how pickers show it, and the names
    it is matched by (a product: its description and its identifier)."""

    id: int
    name: str
    label: str
    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Suggestion:
    candidate: Candidate
    score: float
    exact: bool

    @property
    def text(self) -> str:
        """`= Contoso Ltd` for an exact match, `~ Contoso Ltd (86%)` for a near one."""
        if self.exact:
            return f"= {self.candidate.label}"
        return f"~ {self.candidate.label} ({self.score:.0%})"


def folded(name: str) -> str:
    """Case, punctuation and spacing removed: `"Dunmore & Hale, LLP"` → `"dunmore hale llp"`."""
    return " ".join(_NON_WORD.sub(" ", name.casefold()).split())


def core(name: str) -> str:
    """The folded name without legal suffixes: `"contoso pharmaceuticals inc"` → `"contoso pharmaceuticals"`."""
    words = folded(name).split()
    while len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
        words.pop()
    return " ".join(words)


def pieces(name: str) -> set[str]:
    """The three-letter pieces of a (core) name, word edges included: `"abc"` → `{"  a", " ab", "abc", "bc "}`."""
    padded = f"  {name} "
    return {padded[index : index + 3] for index in range(len(padded) - 2)}


class Suggester:
    """Suggestions against one fixed list of candidates (the tenant's companies, or its catalog)."""

    def __init__(self, candidates: Iterable[Candidate], cutoff: float = NEAR_CUTOFF) -> None:
        self._cutoff = cutoff
        self._exact: dict[str, Candidate] = {}
        self._cores: list[tuple[str, Candidate]] = []
        self._by_piece: dict[str, list[int]] = {}
        self._answers: dict[str, Suggestion | None] = {}
        for candidate in candidates:
            for name in candidate.names:
                self._exact.setdefault(folded(name), candidate)
                entry = len(self._cores)
                candidate_core = core(name)
                self._cores.append((candidate_core, candidate))
                for piece in pieces(candidate_core):
                    self._by_piece.setdefault(piece, []).append(entry)

    def exact(self, name: str) -> Suggestion | None:
        """The candidate of the same name (case, punctuation and spacing aside), if there is one."""
        candidate = self._exact.get(folded(name))
        return None if candidate is None else Suggestion(candidate, 1.0, exact=True)

    def suggest(self, name: str) -> Suggestion | None:
        """The exact candidate, else the nearest one at or above the cutoff, else None; remembered per name."""
        if name in self._answers:
            return self._answers[name]
        answer = self.exact(name) or self._near(core(name))
        self._answers[name] = answer
        return answer

    def _near(self, wanted: str) -> Suggestion | None:
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(wanted)
        best: tuple[float, Candidate] | None = None
        for entry in self._shortlist(wanted):
            candidate_core, candidate = self._cores[entry]
            matcher.set_seq1(candidate_core)
            if matcher.real_quick_ratio() < self._cutoff or matcher.quick_ratio() < self._cutoff:
                continue
            score = matcher.ratio()
            if score >= self._cutoff and (best is None or score > best[0]):
                best = (score, candidate)
        if best is None:
            return None
        return Suggestion(best[1], best[0], exact=False)

    def _shortlist(self, wanted: str) -> list[int]:
        shared: Counter[int] = Counter()
        for piece in pieces(wanted):
            shared.update(self._by_piece.get(piece, ()))
        return [entry for entry, _ in shared.most_common(SHORTLIST)]
