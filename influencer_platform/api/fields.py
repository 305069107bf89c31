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
