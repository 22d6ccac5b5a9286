"""The filters of metrics.md §1, checked against allow-lists, turned into bound parameters and
said in words."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard import formatting, reference
from dashboard.i18n import t

UNKNOWN_LOCAL_AUTHORITY = "unknown"
SUBGROUPS = ("rape", "other")
AGE_BANDS = ("under16", "16plus", "unknown")
DOMESTIC_ABUSE = ("yes", "no")


def local_authority_codes() -> tuple[str, ...]:
    """Allowed local authority filter values: the Gwent GSS codes, then 'unknown'."""
    return tuple(r["gss_code"] for r in reference.local_authorities()) + (UNKNOWN_LOCAL_AUTHORITY,)


@dataclass(frozen=True)
class Filters:
    """Crime filters; None means "no filter" for that dimension."""

    local_authority: str | None = None
    subgroup: str | None = None
    age_band: str | None = None
    domestic_abuse: str | None = None

    def __post_init__(self) -> None:
        allowed = {
            "local_authority": local_authority_codes(),
            "subgroup": SUBGROUPS,
            "age_band": AGE_BANDS,
            "domestic_abuse": DOMESTIC_ABUSE,
        }
        for name, values in allowed.items():
            value = getattr(self, name)
            if value is not None and value not in values:
                raise ValueError(
                    f"{name} filter {value!r} is not allowed; expected one of {', '.join(values)}"
                )

    @classmethod
    def from_user(
        cls,
        local_authority: str | None = None,
        subgroup: str | None = None,
        age_band: str | None = None,
        domestic_abuse: str | None = None,
    ) -> Filters:
        """Filters from typed input: trimmed, blank = no filter, case-insensitive, and a local
        authority by GSS code, English or Welsh name."""
        la = _clean(local_authority)
        if la is not None:
            la = reference.local_authority_spellings().get(la, la)
        return cls(la, _clean(subgroup), _clean(age_band), _clean(domestic_abuse))

    def as_params(self) -> dict[str, str | None]:
        """Bound parameters for the query files (`$local_authority`, `$subgroup`, ...)."""
        return {
            "local_authority": self.local_authority,
            "subgroup": self.subgroup,
            "age_band": self.age_band,
            "domestic_abuse": self.domestic_abuse,
        }


def filter_text(filters: Filters) -> str:
    """The filters in words, as a line of `flightdeck metrics` and a board pack's cover give
    them: "Filters: Local authority: Newport; Offence: Rape"."""
    parts = []
    for name, value in filters.as_params().items():
        if value is None:
            continue
        if name == "local_authority":
            shown = formatting.local_authority_name(value)
        else:
            shown = t(f"{name}.{value}")
        parts.append(f"{t(f'filter.{name}')}: {shown}")
    if not parts:
        return t("cli.metrics.filters_none")
    return t("cli.metrics.filters", filters="; ".join(parts))


def _clean(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    return value.strip().lower()


NO_FILTERS = Filters()
