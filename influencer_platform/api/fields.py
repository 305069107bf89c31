import re

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


class ScopedUUIDField(serializers.SlugRelatedField):
    """A related object by UUID, looked up only among what the requesting user may see."""

    def __init__(self, *, selector, **kwargs):
        self.selector = selector
        kwargs.setdefault("slug_field", "uuid")
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return self.queryset.none()
        return self.selector(user=request.user)


def media_url(field_file, request=None) -> str | None:
    """The one way the API names a stored file: absolute, signed and short-lived (local disk or S3)."""
    if not field_file:
        return None
    url = field_file.url
    return request.build_absolute_uri(url) if request is not None and url.startswith("/") else url


@extend_schema_field(OpenApiTypes.URI)
class FileUrlField(serializers.Field):
    """A stored file as its URL (see :func:`media_url`); null when there is none."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        return media_url(value, self.context.get("request"))

    def get_attribute(self, instance):
        return super().get_attribute(instance) or None

    def to_internal_value(self, data):  # pragma: no cover - read-only
        raise NotImplementedError


class PlainDecimalField(serializers.DecimalField):
    """Money in: a plain decimal string ("1000", "1000.50") or an integer; never "1e3", "NaN" or a
    JSON float, whose binary value is not the amount the sender meant."""

    default_error_messages = {
        "not_plain": 'Send the amount as a plain decimal string, for example "1000.00".',
    }
    _PLAIN = re.compile(r"^-?\d{1,15}(\.\d{1,6})?$")

    def to_internal_value(self, data):
        if isinstance(data, bool | float):
            self.fail("not_plain")
        if isinstance(data, str) and not self._PLAIN.match(data.strip()):
            self.fail("not_plain")
        return super().to_internal_value(data)


class BlankAsNullURLField(serializers.URLField):
    """An optional URL column stores "" for none; the API says null, as its ``format: uri`` schema implies."""

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return value or None

    def to_internal_value(self, data):
        return "" if data in (None, "") else super().to_internal_value(data)

    def validate_empty_values(self, data):
        if data is None:
            return True, ""
        return super().validate_empty_values(data)
