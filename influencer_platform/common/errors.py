"""Domain errors raised by services; the API and pages turn them into clear messages."""


class ServiceError(Exception):
    """A business rule refused the request. ``code`` is stable, ``message`` is for people."""

    code = "invalid"
    status_code = 400

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.field = field


def bounded_text(value: str | None, *, limit: int, what: str, field: str) -> str:
    """A free-text answer stripped, refused (code ``<field>_too_long``) past ``limit`` characters."""
    text = (value or "").strip()
    if len(text) > limit:
        raise ServiceError(
            f"{what} is longer than {limit} characters.", code=f"{field}_too_long", field=field
        )
    return text


class ConflictError(ServiceError):
    code = "conflict"
    status_code = 409
