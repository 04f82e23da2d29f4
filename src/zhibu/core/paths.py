"""Materialised tree paths and the scope they define.

A node's path is its ancestors' ids and its own, each zero-padded to SEGMENT digits and
concatenated. Paths hold digits only, so their order is the same in every collation, and a
subtree is one index range: every descendant of P sorts in [P, successor(P)).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

SEGMENT = 9


def path_segment(node_id: int) -> str:
    return str(node_id).zfill(SEGMENT)


def path_child(parent_path: str, node_id: int) -> str:
    return parent_path + path_segment(node_id)


def path_successor(path: str) -> str:
    """The smallest digit string of the same length that sorts after every string prefixed by `path`."""
    return str(int(path) + 1).zfill(len(path))


def path_ids(path: str) -> list[int]:
    return [int(path[i : i + SEGMENT]) for i in range(0, len(path), SEGMENT)]


@dataclass(frozen=True)
class PathRange:
    """A run of consecutive paths [start, stop): several sibling subtrees in tree order, such as the branches
    one page of a ranking covers. Anything that takes a subtree's path (`under=`) through `subtree_q` takes
    a PathRange too."""

    start: str
    stop: str


def subtree_q(field_name: str, path: "str | PathRange") -> Q:
    if isinstance(path, PathRange):
        return Q(**{f"{field_name}__gte": path.start, f"{field_name}__lt": path.stop})
    return Q(**{f"{field_name}__gte": path, f"{field_name}__lt": path_successor(path)})


def minimal_paths(paths: Iterable[str]) -> tuple[str, ...]:
    """Drop paths already covered by an ancestor in the set."""
    kept: list[str] = []
    for p in sorted(set(paths)):
        if not any(p.startswith(k) for k in kept):
            kept.append(p)
    return tuple(kept)


@dataclass(frozen=True)
class Scope:
    """The subtrees a user acts in. `full` paths also grant unmasked personal data and writes."""

    paths: tuple[str, ...] = ()
    full_paths: tuple[str, ...] = ()
    everything: bool = False

    @classmethod
    def of(cls, paths: Iterable[str], full_paths: Iterable[str] = ()) -> "Scope":
        return cls(paths=minimal_paths(paths), full_paths=minimal_paths(full_paths))

    @property
    def is_empty(self) -> bool:
        return not self.everything and not self.paths

    def q(self, field_name: str = "org_path") -> Q:
        """A filter for rows whose `field_name` lies in the scope. An empty scope matches nothing."""
        if self.everything:
            return Q()
        if not self.paths:
            return Q(pk__in=[])
        query = Q()
        for p in self.paths:
            query |= subtree_q(field_name, p)
        return query

    def full_q(self, field_name: str = "org_path") -> Q:
        if self.everything:
            return Q()
        if not self.full_paths:
            return Q(pk__in=[])
        query = Q()
        for p in self.full_paths:
            query |= subtree_q(field_name, p)
        return query

    def contains(self, path: str) -> bool:
        return self.everything or any(path.startswith(p) for p in self.paths)

    def grants_full(self, path: str) -> bool:
        """Whether personal data and writes are open to this user for a row at `path`."""
        return self.everything or any(path.startswith(p) for p in self.full_paths)
