"""Query parameters a list endpoint does not know are refused, not silently ignored.

A client that misspells a filter (``?stauts=failed``) would otherwise get every row and act on them.
"""

from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend

ALWAYS_ALLOWED = frozenset({"page", "page_size", "format"})


class KnownQueryParameters(BaseFilterBackend):
    def filter_queryset(self, request, queryset, view):
        allowed = set(ALWAYS_ALLOWED)
        filterset_class = getattr(view, "filterset_class", None)
        if filterset_class is not None:
            allowed |= set(filterset_class.base_filters)
        allowed |= set(getattr(view, "filterset_fields", None) or ())
        if getattr(view, "ordering_fields", None) or getattr(view, "ordering", None):
            allowed.add("ordering")
        unknown = sorted(set(request.query_params) - allowed)
        if unknown:
            raise ValidationError(
                {name: [f"Unknown query parameter; this endpoint accepts: {', '.join(sorted(allowed))}."]
                 for name in unknown}
            )  # fmt: skip
        return queryset
