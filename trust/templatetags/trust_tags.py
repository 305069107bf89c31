"""Template helpers for content credentials."""

from django import template

register = template.Library()


@register.filter
def render_credentials(job):
    """A job's credentials in the API's shape, or None before its render was signed."""
    from trust.models import ContentCredential

    try:
        return job.content_credential.as_api()
    except ContentCredential.DoesNotExist:
        return None
