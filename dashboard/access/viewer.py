"""Who asks for figures, as one frozen value (`Access`): the roles held, the language (results hold
translated texts) and, for a role without exact figures, the suppression threshold. With a
`Request` (what is asked) it is the cache key of everything a page is shown: roles, languages
and thresholds never share a cached result."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.access import roles


@dataclass(frozen=True)
class Access:
    """The part of a session that decides what its figures look like."""

    roles: frozenset[str]
    language: str
    threshold: int | None = None  # None: the roles see exact figures

    @classmethod
    def of(cls, identity: roles.Identity, language: str, threshold: int) -> Access:
        exact = roles.can(identity, "exact_figures")
        return cls(frozenset(identity.roles), language, None if exact else threshold)

    @property
    def identity(self) -> roles.Identity:
        """An anonymous identity holding these roles (what capability checks need)."""
        return roles.Identity(None, (), self.roles)

    def can(self, capability: str) -> bool:
        return roles.can(self.identity, capability)

    def require(self, capability: str) -> None:
        """AccessDenied unless the roles hold the capability: every data function checks it
        itself (hiding a page is not enough)."""
        roles.require(self.identity, capability)

    @property
    def exact(self) -> bool:
        return self.can("exact_figures")
