"""Every API error is JSON with a stable ``code`` and a human ``detail``."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from django.http import Http404, JsonResponse
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler, set_rollback

from influencer_platform.common.errors import ServiceError
from influencer_platform.common.validation import database_error_message


def api_exception_handler(exc, context):
    if isinstance(exc, ServiceError):
        body = {"code": exc.code, "detail": exc.message}
        if exc.field:
            body["field"] = exc.field
        return Response(body, status=exc.status_code)
    if isinstance(exc, IntegrityError | DataError):
        # A last line of defence: inputs are validated first, but a constraint is still the truth.
        field, detail = database_error_message(exc)
        code = "constraint_violated" if isinstance(exc, IntegrityError) else "out_of_range"
        body = {"code": code, "detail": detail}
        if field:
            body["field"] = field
        set_rollback()
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoValidationError):
        messages = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(messages)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {"code": "invalid", "detail": _first_message(exc.detail), "errors": exc.detail}
    elif isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else "error"
        response.data = {"code": code, "detail": str(exc.detail)}
    if response.status_code == status.HTTP_404_NOT_FOUND:
        response.data = {"code": "not_found", "detail": "Not found."}
    return response


def _first_message(detail) -> str:
    """A one-line summary naming the first offending field."""
    if isinstance(detail, dict):
        for field, value in detail.items():
            message = _first_message(value)
            return message if field == "non_field_errors" else f"{field}: {message}"
    if isinstance(detail, list) and detail:
        return _first_message(detail[0])
    return str(detail)


def server_error(request, *args, **kwargs):
    """Django's handler500: JSON under /api/ (the stack trace stays in the log), the HTML page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"code": "server_error", "detail": "Something went wrong on our side; the error was logged."},
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
    return defaults.server_error(request, *args, **kwargs)
