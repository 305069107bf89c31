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


class ConflictError(ServiceError):
    code = "conflict"
    status_code = 409
