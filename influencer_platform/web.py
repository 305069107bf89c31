"""Plumbing shared by the server-rendered pages of every app: access, pagination, form errors."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import Http404

from influencer_platform.common.errors import ServiceError

PAGE_SIZE = 25


def agency_required(view):
    """Agency pages do not exist for brand clients: they answer 404, never 403."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_agency:
            raise Http404("No such page.")
        return view(request, *args, **kwargs)

    return wrapper


def brand_client_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_brand_client:
            raise Http404("No such page.")
        return view(request, *args, **kwargs)

    return wrapper


def paginate(request, queryset, per_page: int = PAGE_SIZE) -> Page:
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def add_service_error(form, error: Exception, field_map: dict[str, str] | None = None) -> None:
    """Put a service's refusal next to the field it names, or at the top of the form."""
    field_map = field_map or {}
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            name = field_map.get(name, name)
            form.add_error(name if name in form.fields else None, messages)
        return
    if isinstance(error, ValidationError):
        form.add_error(None, error.messages)
        return
    name = field_map.get(error.field, error.field) if isinstance(error, ServiceError) else None
    message = error.message if isinstance(error, ServiceError) else str(error)
    form.add_error(name if name in form.fields else None, message)


SERVICE_ERRORS = (ServiceError, ValidationError)
